package dev.countersign.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.NotificationRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.harness.TestConfig;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real operator on the strict embedded API server, delivering to a real HTTPS receiver on the
 * loopback interface ({@link SignedReceiver}: its own CA, its own Standard Webhooks verification):
 * delivered once to a healthy receiver, retried through failures, given up with an Event when the
 * receiver stays down, and never holding up the request.
 */
class NotificationDeliveryTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final TestCa CA = new TestCa();

  static EmbeddedApiServer api;
  static KubernetesClient admin;
  static OperatorHarness operator;

  String namespace;
  SimulatedWorkloadController controllers;
  SignedReceiver receiver;

  @BeforeAll
  static void startOperator() {
    api = EmbeddedApiServer.start();
    admin = api.client();
    operator = OperatorHarness.start(api, TestConfig.defaults(), CA.client());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
    admin.close();
    api.close();
  }

  @BeforeEach
  void namespaceAndReceiver() {
    namespace = "notify-" + NAMESPACES.incrementAndGet();
    admin.resource(TestWorkloads.namespace(namespace)).create();
    controllers = new SimulatedWorkloadController(admin, namespace).start();
    admin.resource(TestWorkloads.deployment(namespace, "web", 3, "nginx:1.27")).create();
    receiver = new SignedReceiver(CA, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    receiver.close();
    controllers.close();
  }

  @Test
  void eachEventIsDeliveredExactlyOnceToAHealthyReceiverSignedAndRecorded() {
    String channel = namespace + "-approvers";
    Channels.webhook(admin, channel, receiver.url(), receiver.secret());
    policy(
        AgentPolicies.forNamespace(namespace)
            .named(namespace)
            .allowWithApprovalNotifying("restart", List.of(channel), "alice")
            .notifyOutcomes(channel, "Succeeded", "Failed"));

    ActionRequest request = submit(ActionRequests.restart("web").build());
    ActionRequest waiting = operator.awaitPhase(request, Phase.AwaitingApproval);
    NotificationRecord awaiting = awaitRecord(waiting, "AwaitingApproval", NotificationRecord.SENT);

    assertThat(awaiting.attempts()).isEqualTo(1);
    assertThat(awaiting.id())
        .isEqualTo(
            StandardWebhooks.messageId(
                waiting.getMetadata().getUid(), NotificationEvent.AwaitingApproval, channel));
    assertThat(awaiting.sentAt()).isNotNull();
    SignedReceiver.Delivery first = receiver.accepted().getFirst();
    assertThat(first.id()).isEqualTo(awaiting.id());
    assertThat(first.body().at("/type").asText()).isEqualTo("actionrequest.awaiting_approval");
    assertThat(first.body().at("/data/approveCommand").asText())
        .isEqualTo("kubectl approve restart-web -n " + namespace);
    assertThat(first.body().at("/data/change").asText())
        .isEqualTo(
            "Deployment/web in " + namespace + ": every pod replaced (rolling restart of 3)");
    assertThat(first.body().at("/data/approvals/users/0").asText()).isEqualTo("alice");
    assertThat(first.body().at("/data/policy").asText()).isEqualTo(namespace);

    api.giveAsApprover(Approvals.approve(waiting, "alice"));
    ActionRequest done = operator.awaitPhase(request, Phase.Succeeded);
    NotificationRecord succeeded = awaitRecord(done, "Succeeded", NotificationRecord.SENT);

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> receiver.accepted().size() == 2);
    assertThat(receiver.accepted())
        .extracting(SignedReceiver.Delivery::id)
        .containsExactly(awaiting.id(), succeeded.id());
    assertThat(receiver.duplicates()).isEmpty();
    assertThat(receiver.rejected()).isEmpty();
    assertThat(receiver.accepted().get(1).body().at("/data/phase").asText()).isEqualTo("Succeeded");
  }

  @Test
  void aReceiverAnswering500ThreeTimesGetsTheMessageOnTheFourthTry() {
    String channel = namespace + "-flaky";
    Channels.webhook(admin, channel, receiver.url(), receiver.secret());
    receiver.failNext(3, 500);
    policy(
        AgentPolicies.forNamespace(namespace)
            .named(namespace)
            .allowWithApprovalNotifying("restart", List.of(channel), "alice"));

    ActionRequest request = submit(ActionRequests.restart("web").build());
    NotificationRecord record =
        awaitRecord(
            operator.awaitPhase(request, Phase.AwaitingApproval),
            "AwaitingApproval",
            NotificationRecord.SENT);

    assertThat(record.attempts()).isEqualTo(4);
    assertThat(receiver.attempts(record.id())).isEqualTo(4);
    assertThat(receiver.accepted())
        .extracting(SignedReceiver.Delivery::id)
        .containsExactly(record.id());
    assertThat(record.lastError()).isNull();
  }

  @Test
  void aReceiverDownPastTheLimitGivesNotificationFailedAndTheRequestStillProceeds() {
    String channel = namespace + "-down";
    double retriesBefore = counted("webhook", "retry");
    double failedBefore = counted("webhook", "failed");
    Channels.webhook(admin, channel, receiver.url(), receiver.secret());
    receiver.close();
    policy(
        AgentPolicies.forNamespace(namespace)
            .named(namespace)
            .allowWithApprovalNotifying("restart", List.of(channel), "alice"));

    ActionRequest request = submit(ActionRequests.restart("web").build());
    ActionRequest waiting = operator.awaitPhase(request, Phase.AwaitingApproval);
    NotificationRecord record = awaitRecord(waiting, "AwaitingApproval", NotificationRecord.FAILED);

    assertThat(record.attempts()).isEqualTo(4);
    assertThat(record.lastError()).startsWith("could not deliver: ConnectException");
    assertThat(record.lastError()).doesNotContain(receiver.url());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(operator.events(namespace, "ActionRequest", "restart-web"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("NotificationFailed");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage())
                              .startsWith(
                                  "notification AwaitingApproval to NotificationChannel "
                                      + channel
                                      + " failed 4 times and is given up: could not deliver:");
                        }));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .resources(
                                dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel
                                    .class)
                            .inNamespace(Channels.NS)
                            .withName(channel)
                            .get()
                            .getStatus()
                            .conditions())
                    .anySatisfy(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("DeliveryFailing");
                          assertThat(c.getMessage())
                              .startsWith("the last delivery failed: could not deliver:");
                        }));

    assertThat(counted("webhook", "retry") - retriesBefore).isEqualTo(3);
    assertThat(counted("webhook", "failed") - failedBefore).isEqualTo(1);

    api.giveAsApprover(Approvals.approve(waiting, "alice"));
    operator.awaitPhase(request, Phase.Succeeded);
  }

  @Test
  void slackAndTeamsChannelsReceiveTheirRenderedBodiesUnsigned() {
    String slack = namespace + "-slack";
    String teams = namespace + "-teams";
    admin.resource(Channels.secret(slack, receiver.plainUrl(), null)).create();
    admin.resource(Channels.channel(slack, "slack", slack, null)).create();
    admin.resource(Channels.secret(teams, receiver.plainUrl(), null)).create();
    admin.resource(Channels.channel(teams, "msteams", teams, null)).create();
    policy(
        AgentPolicies.forNamespace(namespace)
            .named(namespace)
            .allowScale(0, 10)
            .notifyOutcomes(slack, "Succeeded")
            .notifyOutcomes(teams, "Succeeded"));

    ActionRequest request = submit(ActionRequests.scale("web", 4).build());
    ActionRequest done = operator.awaitPhase(request, Phase.Succeeded);
    awaitRecord(done, "Succeeded", NotificationRecord.SENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.plainBodies().size() == 2);

    assertThat(receiver.plainBodies())
        .anySatisfy(
            b -> {
              assertThat(b.at("/blocks/0/type").asText()).isEqualTo("header");
              assertThat(b.at("/text").asText()).isEqualTo("scale Deployment/web succeeded");
              assertThat(b.toString()).contains("spec.replicas 3 → 4");
            })
        .anySatisfy(
            b -> {
              assertThat(b.at("/attachments/0/contentType").asText())
                  .isEqualTo("application/vnd.microsoft.card.adaptive");
              assertThat(b.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
            });
    assertThat(receiver.accepted()).isEmpty();
  }

  private double counted(String type, String outcome) {
    return operator
        .meters()
        .find(Deliveries.METRIC)
        .tags("type", type, "outcome", outcome)
        .counters()
        .stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  @Test
  void aHungReceiverNeverHoldsUpTheApprovalOrTheExecution() throws InterruptedException {
    String channel = namespace + "-hung";
    Channels.webhook(admin, channel, receiver.url(), receiver.secret());
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    receiver.beforeAnswering(
        d -> {
          try {
            release.await(20, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    policy(
        AgentPolicies.forNamespace(namespace)
            .named(namespace)
            .allowWithApprovalNotifying("restart", List.of(channel), "alice"));

    ActionRequest request = submit(ActionRequests.restart("web").build());
    ActionRequest waiting = operator.awaitPhase(request, Phase.AwaitingApproval);
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
    api.giveAsApprover(Approvals.approve(waiting, "alice"));
    ActionRequest done = operator.awaitPhase(request, Phase.Succeeded);

    assertThat(done.getStatus().notifications())
        .as("the receiver has not answered yet, and the request ended anyway")
        .noneSatisfy(r -> assertThat(r.state()).isEqualTo(NotificationRecord.SENT));
    release.countDown();
    awaitRecord(done, "AwaitingApproval", NotificationRecord.SENT);
  }

  @Test
  void theReceiverRejectsAReplayOlderThanFiveMinutesAndABadSignature() {
    StandardWebhooks signer = StandardWebhooks.withSecret(receiver.secret());
    byte[] body =
        "{\"schema\":\"countersign.dev/notification/v1\"}".getBytes(StandardCharsets.UTF_8);
    long now = java.time.Instant.now().getEpochSecond();
    long old = now - 301;

    assertThat(receiver.verify("msg_1", Long.toString(now), signer.sign("msg_1", now, body), body))
        .isZero();
    assertThat(receiver.verify("msg_1", Long.toString(old), signer.sign("msg_1", old, body), body))
        .isEqualTo(400);
    assertThat(receiver.verify("msg_1", Long.toString(now), signer.sign("msg_2", now, body), body))
        .isEqualTo(401);
  }

  private void policy(AgentPolicies policy) {
    admin.resource(policy.build()).create();
  }

  private ActionRequest submit(ActionRequest request) {
    request.getMetadata().setNamespace(namespace);
    return api.fileAsRequester(request);
  }

  private NotificationRecord awaitRecord(ActionRequest request, String event, String state) {
    var resource =
        admin
            .resources(ActionRequest.class)
            .inNamespace(request.getMetadata().getNamespace())
            .withName(request.getMetadata().getName());
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                resource.get().getStatus().notifications().stream()
                    .filter(r -> event.equals(r.event()) && state.equals(r.state()))
                    .findFirst()
                    .orElse(null),
            java.util.Objects::nonNull);
  }
}
