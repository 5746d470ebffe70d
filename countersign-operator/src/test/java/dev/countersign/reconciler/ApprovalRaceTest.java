package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.audit.EventRecorder;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.metrics.RequestMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.Interceptor.RequestTags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Approvals that arrive together: none is lost, none counts twice (issue 4, item 5). */
class ApprovalRaceTest extends LifecycleTestBase {
  private static final List<String> APPROVERS = List.of("ann", "ben", "cat", "dan", "eve");

  @Test
  void approvalsArrivingTogetherAreAllCountedOnce() {
    deployment("web", 3, "nginx:1.27");
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowWithQuorum("scale", APPROVERS.size(), null, APPROVERS.toArray(String[]::new))
            .build());
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
    // Every approver approves twice, all at once: ten Approvals racing for one status.
    List<Approval> approvals =
        IntStream.range(0, 2)
            .boxed()
            .flatMap(
                round ->
                    APPROVERS.stream()
                        .map(
                            who -> {
                              Approval a = Approvals.approve(waiting, who);
                              a.getMetadata().setName(a.getMetadata().getName() + "-" + round);
                              return a;
                            }))
            .toList();
    CountDownLatch start = new CountDownLatch(1);

    List<CompletableFuture<Void>> sent =
        approvals.stream()
            .map(
                a ->
                    CompletableFuture.runAsync(
                        () -> {
                          awaitQuietly(start);
                          approve(a);
                        }))
            .toList();
    start.countDown();
    sent.forEach(CompletableFuture::join);

    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);
    List<ApprovalRecord> records = done.getStatus().approvals();
    assertThat(done.getStatus().approvalSummary()).isEqualTo("5/5");
    assertThat(records.stream().filter(ApprovalRecord::counted).map(ApprovalRecord::approver))
        .containsExactlyInAnyOrderElementsOf(APPROVERS);
    // Every duplicate was either counted out ("counts once") or came after the quorum was met.
    assertThat(records.stream().filter(r -> !r.counted()).map(ApprovalRecord::reason))
        .allSatisfy(why -> assertThat(why).endsWith("already approved; a person counts once"));
    List<String> recorded = records.stream().map(ApprovalRecord::name).toList();
    approvals.stream()
        .map(a -> a.getMetadata().getName())
        .filter(name -> !recorded.contains(name))
        .forEach(
            late ->
                org.awaitility.Awaitility.await()
                    .untilAsserted(
                        () ->
                            assertThat(
                                    operator.events(namespace, "ActionRequest", "scale-web-to-8"))
                                .anySatisfy(
                                    e ->
                                        assertThat(e.getMessage())
                                            .startsWith("Approval " + late + " by ")
                                            .contains("arrived after the request was"))));
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(8);
    // Events are written just after the status they describe.
    org.awaitility.Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(operator.eventReasons(namespace, "ActionRequest", "scale-web-to-8"))
                    .containsOnlyOnce("Approved", "Succeeded"));
  }

  /**
   * The mock server does not enforce resourceVersion on /status (it copies the stored metadata
   * before comparing), so this proves the half that is ours: every status write is a PUT that
   * carries the resourceVersion the new status was computed from, which a real API server refuses
   * with 409 when the request changed meanwhile; the reconciler then re-reads and recounts.
   */
  @Test
  void everyStatusWriteCarriesTheResourceVersionItWasComputedFrom() {
    deployment("web", 3, "nginx:1.27");
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowWithQuorum("scale", 2, null, "ann", "ben")
            .build());
    operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
    // The decision's annotations are written just after its status: wait for them, so that the
    // copy read here is the request's last version.
    ActionRequest stale =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                this::live,
                r ->
                    r.getMetadata().getAnnotations() != null
                        && r.getMetadata().getAnnotations().containsKey(AuditAnnotations.DECISION));
    List<String> statusWrites = new CopyOnWriteArrayList<>();
    try (KubernetesClient recording =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientBuilderConsumer(
                b ->
                    b.addOrReplaceInterceptor(
                        "record-status-writes",
                        new Interceptor() {
                          @Override
                          public void before(
                              BasicBuilder builder, HttpRequest request, RequestTags tags) {
                            if (request.uri().getPath().endsWith("/status")) {
                              statusWrites.add(request.method() + " " + request.bodyString());
                            }
                          }
                        }))
            .build()) {
      RequestTransitions transitions =
          new RequestTransitions(
              recording,
              new EventRecorder(recording, Clock.systemUTC()),
              new RequestMetrics(new SimpleMeterRegistry()),
              Clock.systemUTC());

      transitions.update(stale, stale.getStatus());
    }

    assertThat(statusWrites)
        .singleElement()
        .satisfies(
            write ->
                assertThat(write)
                    .startsWith("PUT ")
                    .contains(
                        "\"resourceVersion\":\""
                            + stale.getMetadata().getResourceVersion()
                            + "\""));
  }

  private ActionRequest live() {
    return client
        .resources(ActionRequest.class)
        .inNamespace(namespace)
        .withName("scale-web-to-8")
        .get();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
