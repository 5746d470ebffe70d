package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.Annotator;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.execution.RollbackExecutor;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.testkit.apiserver.FaultInjectingDispatcher.Rule;
import dev.countersign.workload.PodTemplates;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator stops at each step of an execution and a new one takes over on the same API server:
 * the change is applied exactly once and the request ends Succeeded. A "crash" lets the triggering
 * call land (or not, for a crash at a call) and then answers every later call of that operator with
 * 503 without reaching the store, so nothing the old operator had in flight can land after it is
 * gone.
 */
class CrashRecoveryTest extends FaultTestBase {

  /** Where the operator stops, as a fault rule on the server. */
  enum CrashPoint {
    /** Just before the status write that records the intent (phase Executing) lands. */
    BEFORE_THE_INTENT((test, request) -> status(test, request, "Executing").crashAt()),
    /** Just after the intent is recorded, before the workload is touched. */
    AFTER_THE_INTENT((test, request) -> status(test, request, "Executing").crashAfter()),
    /** Just after the workload change lands, before its rollout is looked at. */
    AFTER_THE_CHANGE(
        (test, request) ->
            faults
                .on("PATCH", test.deploymentPath("web"))
                .whenBody(FaultTestBase::changesSpec)
                .crashAfter()),
    /** The rollout finished; the outcome (phase Succeeded) is never written by this operator. */
    BEFORE_THE_OUTCOME((test, request) -> status(test, request, "Succeeded").crashAt());

    private final BiFunction<FaultTestBase, String, Rule> rule;

    CrashPoint(BiFunction<FaultTestBase, String, Rule> rule) {
      this.rule = rule;
    }

    private static Rule status(FaultTestBase test, String request, String phase) {
      return faults
          .on("PUT", test.statusPath(request))
          .whenBodyContains("\"phase\":\"" + phase + "\"");
    }
  }

  @ParameterizedTest(name = "{0} with a crash {1}")
  @CsvSource({
    "scale, BEFORE_THE_INTENT",
    "scale, AFTER_THE_INTENT",
    "scale, AFTER_THE_CHANGE",
    "scale, BEFORE_THE_OUTCOME",
    "restart, BEFORE_THE_INTENT",
    "restart, AFTER_THE_INTENT",
    "restart, AFTER_THE_CHANGE",
    "restart, BEFORE_THE_OUTCOME",
    "rollback, BEFORE_THE_INTENT",
    "rollback, AFTER_THE_INTENT",
    "rollback, AFTER_THE_CHANGE",
    "rollback, BEFORE_THE_OUTCOME"
  })
  void aChangeInterruptedByACrashIsAppliedExactlyOnceByTheNextOperator(
      String action, CrashPoint point) {
    deployment("web", 3, "nginx:1.25");
    awaitReplicaSets(1);
    if (action.equals("rollback")) {
      setImage("web", "nginx:1.26");
      awaitReplicaSets(2);
    }
    policy(AgentPolicies.forNamespace(namespace).allow(action).build());
    long generationBefore = liveDeployment("web").getMetadata().getGeneration();
    ActionRequest request =
        switch (action) {
          case "scale" -> ActionRequests.scale("web", 5).build();
          case "restart" -> ActionRequests.restart("web").build();
          default -> ActionRequests.rollback("web").build();
        };
    Rule crash = point.rule.apply(this, request.getMetadata().getName());

    Running first = startOperator();
    submit(request);
    awaitCrashAndStop(first);
    assertThat(crash.applied()).isEqualTo(1);
    faults.heal();
    startOperator();
    ActionRequest done = awaitPhase(request, Phase.Succeeded);

    Deployment web = liveDeployment("web");
    assertThat(workloadChanges("web")).as("writes that changed the Deployment").hasSize(1);
    assertThat(web.getMetadata().getGeneration()).isEqualTo(generationBefore + 1);
    assertThat(web.getMetadata().getAnnotations())
        .containsEntry(
            AuditAnnotations.LAST_REQUEST, namespace + "/" + request.getMetadata().getName());
    switch (action) {
      case "scale" -> assertThat(web.getSpec().getReplicas()).isEqualTo(5);
      case "restart" ->
          assertThat(web.getSpec().getTemplate().getMetadata().getAnnotations())
              .containsEntry(PodTemplates.RESTARTED_AT, done.getStatus().execution().restartedAt());
      default -> {
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
            .isEqualTo("nginx:1.25");
        assertThat(web.getMetadata().getAnnotations())
            .containsEntry(
                RollbackExecutor.ROLLBACK_ANNOTATION,
                "revision 1 at " + done.getStatus().execution().startedAt());
      }
    }
    assertThat(done.getStatus().execution().finishedAt()).isNotNull();
    assertNoErrorDetailIn(done);
  }

  /**
   * The decision is written to the status before it is written as annotations: an operator that
   * stops between the two leaves a decided request without them, terminal or not. The next one
   * writes them, once, and goes on.
   */
  @ParameterizedTest(name = "dry run: {0}")
  @CsvSource({"false, Succeeded", "true, Evaluated"})
  void aCrashBetweenTheDecisionAndItsAnnotationsLeavesThemToTheNextOperator(
      boolean dryRun, Phase end) {
    deployment("web", 3, "nginx:1.25");
    awaitReplicaSets(1);
    policy(AgentPolicies.forNamespace(namespace).allow("scale").build());
    ActionRequests scale = ActionRequests.scale("web", 5);
    ActionRequest request = (dryRun ? scale.dryRun() : scale).build();
    String name = request.getMetadata().getName();
    Rule crash =
        faults.on("PATCH", requestPath(name)).whenBodyContains(AuditAnnotations.DECISION).crashAt();

    Running first = startOperator();
    submit(request);
    awaitCrashAndStop(first);
    assertThat(crash.applied()).isEqualTo(1);
    ActionRequest decided = live(request);
    assertThat(decided.getStatus().decision()).as("the decision in status").isNotNull();
    assertThat(Annotator.saysDecision(decided, decided.getStatus().decision())).isFalse();
    faults.heal();
    startOperator();

    ActionRequest done = awaitPhase(request, end);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Annotator.saysDecision(live(request), done.getStatus().decision()))
                    .isTrue());
    Pattern path = Pattern.compile(requestPath(name));
    assertThat(
            faults.calls(
                c ->
                    c.fromOperator()
                        && c.landed()
                        && c.method().equals("PATCH")
                        && path.matcher(c.path()).matches()
                        && c.body().contains(AuditAnnotations.DECISION)))
        .as("decision annotations written")
        .hasSize(1);
    assertThat(workloadChanges("web")).hasSize(dryRun ? 0 : 1);
  }
}
