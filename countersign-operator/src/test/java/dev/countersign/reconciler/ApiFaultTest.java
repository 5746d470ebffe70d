package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.status.Conditions;
import dev.countersign.testkit.apiserver.FaultInjectingDispatcher.Rule;
import dev.countersign.workload.PodTemplates;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API server answers the operator's status writes and workload writes with conflicts (409),
 * server errors (500, 503), lost answers and slow answers. The operator retries with backoff, ends
 * in the right phase, never applies a change twice, and writes no error detail where users read.
 *
 * <p>The operators here have the Fabric8 client's own retries of 5xx answers turned off (except
 * where a test says otherwise), so that every fault reaches the operator itself.
 */
class ApiFaultTest extends FaultTestBase {

  @Test
  void conflictsOnTheIntentWriteAreRetriedAndTheRestartHappensOnce() {
    ActionRequest request = restartWeb();
    Rule conflicts = executingWrite(request).fail(409, 3);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    assertThat(conflicts.applied()).isEqualTo(3);
    assertRestartedOnceWithTheRecordedStamp(done);
    assertNoErrorDetailIn(done);
  }

  @Test
  void serverErrorsOnEveryKindOfStatusWriteAreRetried() {
    ActionRequest request = restartWeb();
    Rule errors = faults.on("PUT", statusPath(request.getMetadata().getName())).fail(500, 2);
    Rule unavailable = faults.on("PUT", statusPath(request.getMetadata().getName())).fail(503, 2);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    assertThat(errors.applied() + unavailable.applied()).isEqualTo(4);
    assertRestartedOnceWithTheRecordedStamp(done);
    assertNoErrorDetailIn(done);
  }

  @Test
  void aStatusWriteThatLandedButWhoseAnswerWasLostIsNotRepeated() {
    ActionRequest request = restartWeb();
    Rule lost = executingWrite(request).loseAnswer(500, 1);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    // The retry either finds the landed intent in its cache, or plans a new one whose write carries
    // a stale resourceVersion and is refused (409): either way only the first intent lands.
    assertThat(lost.applied()).isEqualTo(1);
    assertRestartedOnceWithTheRecordedStamp(done);
    assertThat(intentWrites(request)).as("intent writes that landed").hasSize(1);
  }

  @Test
  void conflictsAndServerErrorsOnTheWorkloadWriteAreRetriedAndTheRollbackHappensOnce() {
    deployment("web", 3, "nginx:1.25");
    awaitReplicaSets(1);
    setImage("web", "nginx:1.26");
    awaitReplicaSets(2);
    policy(AgentPolicies.forNamespace(namespace).allow("rollback").build());
    long generation = liveDeployment("web").getMetadata().getGeneration();
    Rule conflicts = workloadWrite().fail(409, 2);
    Rule errors = workloadWrite().fail(500, 2);

    startOperator();
    ActionRequest done =
        awaitPhase(submit(ActionRequests.rollback("web").build()), Phase.Succeeded);

    assertThat(conflicts.applied() + errors.applied()).isEqualTo(4);
    assertThat(workloadChanges("web")).hasSize(1);
    Deployment web = liveDeployment("web");
    assertThat(web.getMetadata().getGeneration()).isEqualTo(generation + 1);
    assertThat(web.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("nginx:1.25");
    assertThat(done.getStatus().execution().revision()).isEqualTo(1L);
    assertNoErrorDetailIn(done);
  }

  @Test
  void aWorkloadWriteThatLandedButWhoseAnswerWasLostIsNotRepeated() {
    ActionRequest request = restartWeb();
    Rule lost = workloadWrite().loseAnswer(500, 1);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    assertThat(lost.applied()).isEqualTo(1);
    assertRestartedOnceWithTheRecordedStamp(done);
  }

  @Test
  void serverErrorsOnAScaleAreAbsorbedByTheClientsOwnBackoff() {
    deployment("web", 3, "nginx:1.25");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    Rule errors = workloadWrite().fail(503, 3);

    startOperator(10); // the Fabric8 client's default: up to 10 retries of a 5xx, with backoff
    ActionRequest done =
        awaitPhase(submit(ActionRequests.scale("web", 6).build()), Phase.Succeeded);

    assertThat(errors.applied()).isEqualTo(3);
    assertThat(workloadChanges("web")).hasSize(1);
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(6);
    assertNoErrorDetailIn(done);
  }

  @Test
  void aRequestOutlastsAnOutageLongerThanAllItsRetries() {
    ActionRequest request = restartWeb();
    // Three attempts (FAST_RETRY) fail; the request is rescheduled, and the next round succeeds.
    Rule outage = executingWrite(request).fail(503, 3);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    assertThat(outage.applied()).isEqualTo(3);
    assertRestartedOnceWithTheRecordedStamp(done);
    assertNoErrorDetailIn(done);
  }

  @Test
  void slowAnswersToStatusAndWorkloadWritesChangeNothing() {
    ActionRequest request = restartWeb();
    Rule slowStatus =
        faults
            .on("PUT", statusPath(request.getMetadata().getName()))
            .delay(Duration.ofMillis(1500), 3);
    Rule slowWorkload = workloadWrite().delay(Duration.ofMillis(1500), 1);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    assertThat(slowStatus.applied()).isEqualTo(3);
    assertThat(slowWorkload.applied()).isEqualTo(1);
    assertRestartedOnceWithTheRecordedStamp(done);
    assertNoErrorDetailIn(done);
  }

  @Test
  void failingEventWritesNeitherStopNorRepeatTheChange() {
    ActionRequest request = restartWeb();
    Rule events = faults.on("POST", "/api/v1/namespaces/" + namespace + "/events").fail(500, 1000);

    startOperator();
    ActionRequest done = awaitPhase(submit(request), Phase.Succeeded);

    assertThat(events.applied()).isPositive();
    assertThat(events(done)).isEmpty();
    assertRestartedOnceWithTheRecordedStamp(done);
  }

  @Test
  void aPolicyListThatFailsWhenARequestWouldGoAheadDeniesIt() {
    ActionRequest request = restartWeb();
    startOperator();
    // After the informers' own list: the next one is the decision's check of the policies.
    Rule listing =
        faults
            .on("GET", Pattern.quote("/apis/countersign.dev/v1alpha1/agentpolicies"))
            .fail(503, 1);

    ActionRequest done = awaitPhase(submit(request), Phase.Denied);

    assertThat(listing.applied()).isEqualTo(1);
    var decided = Conditions.find(done.getStatus().conditions(), RequestTransitions.DECIDED);
    assertThat(decided.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(decided.getReason()).isEqualTo("Denied");
    assertThat(done.getStatus().message())
        .contains(
            "could not read the target, its namespace or the policies from the API server (HTTP"
                + " 503); the request is denied (fail closed)");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(done))
                    .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Denied")));
    assertThat(workloadChanges("web")).isEmpty();
    assertNoErrorDetailIn(done);
  }

  /** A Deployment web, a policy allowing restarts, and a restart request (not yet submitted). */
  private ActionRequest restartWeb() {
    deployment("web", 3, "nginx:1.25");
    policy(AgentPolicies.forNamespace(namespace).allow("restart").build());
    return ActionRequests.restart("web").build();
  }

  private Rule executingWrite(ActionRequest request) {
    return faults
        .on("PUT", statusPath(request.getMetadata().getName()))
        .whenBodyContains("\"phase\":\"Executing\"");
  }

  private Rule workloadWrite() {
    return faults.on("PATCH", deploymentPath("web")).whenBody(FaultTestBase::changesSpec);
  }

  private java.util.List<?> intentWrites(ActionRequest request) {
    return faults.calls(
        c ->
            c.landed()
                && c.method().equals("PUT")
                && c.path().matches(statusPath(request.getMetadata().getName()))
                && c.body().contains("\"phase\":\"Executing\""));
  }

  private void assertRestartedOnceWithTheRecordedStamp(ActionRequest done) {
    Deployment web = liveDeployment("web");
    assertThat(workloadChanges("web")).as("writes that changed the Deployment").hasSize(1);
    assertThat(web.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(web.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(PodTemplates.RESTARTED_AT, done.getStatus().execution().restartedAt());
  }
}
