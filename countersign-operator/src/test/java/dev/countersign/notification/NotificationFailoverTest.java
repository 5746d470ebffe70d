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
import dev.countersign.harness.LeaderLease;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operators electing a leader, as in the chart's two replicas. The leader is killed after the
 * receiver got a notification and before the leader could record it: the new leader resumes from
 * status, sends it again with the same {@code webhook-id} (the receiver sees the duplicate and says
 * so), records it, and the request goes on to the end. Nothing is lost.
 */
class NotificationFailoverTest {
  private static final String NS = "notify-failover";
  private static final TestCa CA = new TestCa();

  private EmbeddedApiServer server;
  private KubernetesClient admin;
  private SimulatedWorkloadController controller;
  private SignedReceiver receiver;
  private final Map<String, OperatorHarness> instances = new LinkedHashMap<>();

  @BeforeEach
  void twoOperatorsAndAReceiver() {
    server = EmbeddedApiServer.start();
    admin = server.client();
    admin.resource(TestWorkloads.namespace(NS)).create();
    controller = new SimulatedWorkloadController(admin, NS).start();
    admin.resource(TestWorkloads.deployment(NS, "web", 3, "nginx:1.27")).create();
    receiver = new SignedReceiver(CA, Clock.systemUTC());
    Channels.webhook(admin, "approvers", receiver.url(), receiver.secret());
    admin
        .resource(
            AgentPolicies.forNamespace(NS)
                .allowWithApprovalNotifying("restart", List.of("approvers"), "alice")
                .build())
        .create();
    for (String identity : List.of("operator-a", "operator-b")) {
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                      .withMasterUrl(server.url())
                      .withTrustCerts(true)
                      .withOauthToken(server.token(Identities.OPERATOR))
                      .build())
              .build();
      instances.put(
          identity,
          OperatorHarness.startElecting(
              server, client, LeaderLease.NAMESPACE, LeaderLease.NAME, identity, CA.client()));
    }
  }

  @AfterEach
  void stopAll() {
    instances.values().forEach(OperatorHarness::close);
    receiver.close();
    controller.close();
    admin.close();
    server.close();
  }

  @Test
  void aLeaderKilledBetweenSendingAndRecordingLeavesADuplicateWithTheSameIdAndNothingLost() {
    String leader = awaitLeaderOtherThan(null);
    AtomicBoolean killed = new AtomicBoolean();
    receiver.beforeAnswering(
        delivery -> {
          if (killed.compareAndSet(false, true)) {
            // The message arrived; the leader dies before it hears the answer or writes status.
            instances.remove(leader).close();
          }
        });

    ActionRequest request =
        server.fileAsRequester(inNamespace(ActionRequests.restart("web").build()));
    String follower = awaitLeaderOtherThan(leader);
    OperatorHarness survivor = instances.get(follower);
    ActionRequest waiting = survivor.awaitPhase(request, Phase.AwaitingApproval);
    NotificationRecord record = awaitSent(waiting);

    String id =
        StandardWebhooks.messageId(
            waiting.getMetadata().getUid(), NotificationEvent.AwaitingApproval, "approvers");
    assertThat(killed).isTrue();
    assertThat(record.id()).isEqualTo(id);
    assertThat(record.attempts()).as("the killed leader's attempt was never recorded").isEqualTo(1);
    assertThat(receiver.accepted()).extracting(SignedReceiver.Delivery::id).containsExactly(id, id);
    assertThat(receiver.duplicates()).containsExactly(id);
    assertThat(receiver.rejected()).isEmpty();

    server.giveAsApprover(Approvals.approve(waiting, "alice"));
    survivor.awaitPhase(request, Phase.Succeeded);
    assertThat(receiver.accepted()).hasSize(2);
  }

  private static ActionRequest inNamespace(ActionRequest request) {
    request.getMetadata().setNamespace(NS);
    return request;
  }

  private NotificationRecord awaitSent(ActionRequest request) {
    var resource =
        admin
            .resources(ActionRequest.class)
            .inNamespace(NS)
            .withName(request.getMetadata().getName());
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                resource.get().getStatus().notifications().stream()
                    .filter(r -> NotificationRecord.SENT.equals(r.state()))
                    .findFirst()
                    .orElse(null),
            java.util.Objects::nonNull);
  }

  private String awaitLeaderOtherThan(String previous) {
    return LeaderLease.awaitHolderOtherThan(admin, previous);
  }
}
