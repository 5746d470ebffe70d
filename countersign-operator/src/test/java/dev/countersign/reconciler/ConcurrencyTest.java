package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.TestConfig;
import dev.countersign.status.Conditions;
import dev.countersign.testkit.apiserver.FaultInjectingDispatcher.Call;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One request executes per target at a time; requests on different targets execute side by side;
 * and no status update is lost while many happen at once. Execution intervals are read from the
 * server's log of status writes that landed: from the write of phase Executing to the write of the
 * terminal phase.
 */
class ConcurrencyTest extends FaultTestBase {

  @Test
  void twoRequestsOnOneTargetExecuteOneAfterTheOther() {
    deployment("web", 3, "nginx:1.25");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    controllers.setRolloutsComplete(false);
    startOperator();

    ActionRequest first = submit(ActionRequests.scale("web", 4).named("first").build());
    ActionRequest second = submit(ActionRequests.scale("web", 5).named("second").build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                phases(first, second).contains(Phase.Executing)
                    && phases(first, second).contains(Phase.Approved));
    ActionRequest waiting = live(first).phase() == Phase.Approved ? first : second;
    assertThat(live(waiting).getStatus().message()).startsWith("waiting for ");

    controllers.setRolloutsComplete(true);
    finishRollouts();
    awaitPhase(first, Phase.Succeeded);
    awaitPhase(second, Phase.Succeeded);

    long[] a = executing(first);
    long[] b = executing(second);
    assertThat(a[1] < b[0] || b[1] < a[0])
        .as(
            "Executing intervals %s and %s (sequence numbers of landed status writes) overlap",
            List.of(a[0], a[1]), List.of(b[0], b[1]))
        .isTrue();
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(a[0] < b[0] ? 5 : 4);
    assertThat(events(waiting)).anyMatch(e -> e.getReason().equals("WaitingForTarget"));
    assertThat(workloadChanges("web")).hasSize(2);
  }

  @Test
  void aHundredRequestsOnAHundredTargetsExecuteAtTheSameTime() {
    int count = 100;
    for (int i = 0; i < count; i++) {
      client.resource(TestWorkloads.deployment(namespace, "app-" + i, 1, "nginx:1.25")).create();
    }
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    controllers.setRolloutsComplete(false);
    // Rollouts are held until every request executes: give them time enough not to fail.
    startOperator(
        10,
        new TestConfig(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMillis(200), 1000));

    List<ActionRequest> requests =
        IntStream.range(0, count)
            .mapToObj(
                i -> submit(ActionRequests.scale("app-" + i, 2).named("scale-app-" + i).build()))
            .toList();
    // Rollouts are held: if executions were serialized, at most one would ever be Executing.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(phaseCounts()).containsEntry(Phase.Executing, (long) count));
    controllers.setRolloutsComplete(true);
    finishRollouts();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> inPhase(Phase.Succeeded) == count);

    long lastStart = requests.stream().mapToLong(r -> executing(r)[0]).max().orElseThrow();
    long firstEnd = requests.stream().mapToLong(r -> executing(r)[1]).min().orElseThrow();
    assertThat(lastStart)
        .as("every execution started before the first one ended")
        .isLessThan(firstEnd);
    for (ActionRequest request : requests) {
      ActionRequest done = live(request);
      assertThat(done.getStatus().decision()).isNotNull();
      assertThat(done.getStatus().execution().finishedAt()).isNotNull();
      for (String type : List.of("Decided", "Approved", "Executed")) {
        assertThat(Conditions.find(done.getStatus().conditions(), type).getStatus())
            .as("%s of %s", type, request.getMetadata().getName())
            .isEqualTo(Conditions.TRUE);
      }
      String target = done.getSpec().target().name();
      assertThat(liveDeployment(target).getSpec().getReplicas()).isEqualTo(2);
      assertThat(workloadChanges(target)).hasSize(1);
    }
  }

  @Test
  void approvalsArrivingTogetherDuringConflictsAreAllRecorded() {
    deployment("web", 3, "nginx:1.25");
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowWithApprovals("restart", 3, "alice", "bob", "carol")
            .build());
    startOperator();
    ActionRequest waiting =
        awaitPhase(submit(ActionRequests.restart("web").build()), Phase.AwaitingApproval);
    faults.on("PUT", statusPath(waiting.getMetadata().getName())).fail(409, 3);

    CompletableFuture.allOf(
            List.of("alice", "bob", "carol").stream()
                .map(
                    approver ->
                        CompletableFuture.runAsync(
                            () -> api.giveAsApprover(Approvals.approve(waiting, approver))))
                .toArray(CompletableFuture[]::new))
        .join();
    ActionRequest done = awaitPhase(waiting, Phase.Succeeded);

    assertThat(done.getStatus().approvals())
        .filteredOn(ApprovalRecord::counted)
        .extracting(ApprovalRecord::approver)
        .containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(workloadChanges("web")).hasSize(1);
  }

  private List<Phase> phases(ActionRequest... requests) {
    return java.util.Arrays.stream(requests).map(r -> live(r).phase()).toList();
  }

  private Map<Phase, Long> phaseCounts() {
    return client.resources(ActionRequest.class).inNamespace(namespace).list().getItems().stream()
        .collect(Collectors.groupingBy(ActionRequest::phase, Collectors.counting()));
  }

  private long inPhase(Phase phase) {
    return client.resources(ActionRequest.class).inNamespace(namespace).list().getItems().stream()
        .filter(r -> r.phase() == phase)
        .count();
  }

  /**
   * The sequence numbers of the landed status writes that recorded phase Executing and the terminal
   * phase.
   */
  private long[] executing(ActionRequest request) {
    Map<String, Long> first =
        faults
            .calls(
                c ->
                    c.landed()
                        && c.method().equals("PUT")
                        && c.path().matches(statusPath(request.getMetadata().getName())))
            .stream()
            .collect(Collectors.toMap(ConcurrencyTest::phaseWritten, Call::sequence, Math::min));
    assertThat(first).containsKeys("Executing", "Succeeded");
    return new long[] {first.get("Executing"), first.get("Succeeded")};
  }

  private static String phaseWritten(Call call) {
    var matcher = java.util.regex.Pattern.compile("\"phase\":\"(\\w+)\"").matcher(call.body());
    return matcher.find() ? matcher.group(1) : "";
  }
}
