package dev.countersign.reconciler;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.MalformedPolicies;
import dev.countersign.testkit.apiserver.Refusals;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed policy ends where a cluster ends it. What the CRD schema forbids, the API server
 * refuses with a 422 naming the field, and nothing is stored; what only the operator can tell (a
 * cron expression, a time zone, duplicate names, a pointless auto-approval) is stored, marked
 * Ready=False with the problem, and allows nothing. {@link PolicyRechecksTest} proves the operator
 * finds every row's problem itself too.
 */
class MalformedPolicyTest extends MalformedPolicyTestBase {

  /**
   * The API server's answer to the rows the schema refuses, after "AgentPolicy ... is invalid: ".
   */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          entry(
              "scale.maxStepUp",
              "spec.rules[0].scale.maxStepUp: Invalid value: \"two\": spec.rules[0].scale.maxStepUp in body should match '^[0-9]{1,6}%?$'"),
          entry(
              "scale.maxStepDown",
              "spec.rules[0].scale.maxStepDown: Invalid value: \"-1\": spec.rules[0].scale.maxStepDown in body should match '^[0-9]{1,6}%?$'"),
          entry(
              "scale min above max",
              "spec.rules[0].scale: Invalid value: \"object\": minReplicas must not exceed maxReplicas"),
          entry(
              "unknown action",
              "spec.rules[1].action: Invalid value: \"delete\": spec.rules[1].action in body should match '^(scale|restart|rollback)$'"),
          entry(
              "selector operator",
              "[spec.targets.selector.matchExpressions[0].operator: Invalid value: \"Matches\": spec.targets.selector.matchExpressions[0].operator in body should match '^(In|NotIn|Exists|DoesNotExist)$', spec.targets.selector.matchExpressions[0]: Invalid value: \"object\": In and NotIn need values; Exists and DoesNotExist take none]"),
          entry(
              "rollback limits on a scale rule",
              "spec.rules[0]: Invalid value: \"object\": rollback limits belong to a rule for action rollback"),
          entry(
              "rollback.maxRevisionsBack",
              "spec.rules[1].rollback.maxRevisionsBack: Invalid value: 0: spec.rules[1].rollback.maxRevisionsBack in body should be greater than or equal to 1"),
          entry(
              "autoApproveWhen.maxStepUp",
              "spec.rules[0].approval.autoApproveWhen.maxStepUp: Invalid value: \"lots\": spec.rules[0].approval.autoApproveWhen.maxStepUp in body should match '^[0-9]{1,6}%?$'"),
          entry(
              "budget.window",
              "spec.budget.window: Invalid value: \"hourly\": spec.budget.window in body should match '^([0-9]+(ns|us|ms|s|m|h))+$'"),
          entry(
              "budget without a window",
              "[spec.budget.window: Required value, <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]"),
          entry(
              "budget.maxActionsPerAgent",
              "spec.budget.maxActionsPerAgent: Invalid value: 0: spec.budget.maxActionsPerAgent in body should be greater than or equal to 1"),
          entry(
              "budget.maxActionsPerTarget",
              "spec.budget.maxActionsPerTarget: Invalid value: -3: spec.budget.maxActionsPerTarget in body should be greater than or equal to 1"),
          entry(
              "cooldown",
              "spec.cooldown: Invalid value: \"soon\": spec.cooldown in body should match '^([0-9]+(ns|us|ms|s|m|h))+$'"),
          entry(
              "freezeWindows duration",
              "spec.freezeWindows[0].duration: Invalid value: \"all weekend\": spec.freezeWindows[0].duration in body should match '^([0-9]+(ns|us|ms|s|m|h))+$'"),
          entry(
              "mode",
              "spec.mode: Invalid value: \"Dry\": spec.mode in body should match '^(Enforce|Audit)$'"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedPolicyIsRefusedOrNotReadyAndAllowsNothing(MalformedPolicies.Row row) {
    deployment("web", 3, "nginx:1.27");
    AgentPolicy policy = broken(row);
    String name = policy.getMetadata().getName();

    if (!REFUSED.containsKey(row.field())) {
      client.resource(policy).create();
      assertInvalidAndAllowsNothing(name, row);
      return;
    }
    Refusals.assertRefused(
        () -> client.resource(policy).create(),
        422,
        "AgentPolicy.countersign.dev \"" + name + "\" is invalid: " + REFUSED.get(row.field()));
    assertThat(client.resources(AgentPolicy.class).withName(name).get()).isNull();
    assertThat(
            operator
                .awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Denied)
                .getStatus()
                .message())
        .contains("no AgentPolicy allows");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
  }
}
