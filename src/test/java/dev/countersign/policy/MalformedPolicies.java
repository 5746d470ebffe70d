package dev.countersign.policy;

import static dev.countersign.policy.Policies.approvalUnless;
import static dev.countersign.policy.Policies.requirement;
import static dev.countersign.policy.Policies.selector;

import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.AutoApproveCondition;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.api.v1alpha1.agentpolicy.RollbackLimits;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One malformed field per row, applied to a policy that would otherwise allow scaling Deployment
 * web to 4 replicas, with the exact problem {@link PolicyValidator} reports. Shared by the unit
 * test and the mock-server test, so that every row is proven both ways.
 */
public final class MalformedPolicies {
  private MalformedPolicies() {}

  /** A malformed field: what it does to the policy, and the problem reported. */
  public record Row(String field, UnaryOperator<Policies.Builder> breaks, String problem) {
    @Override
    public String toString() {
      return field;
    }
  }

  public static List<Row> rows() {
    return List.of(
        new Row(
            "scale.maxStepUp",
            p -> p.maxStepUp("two"),
            "rules[0].scale.maxStepUp: \"two\" is not a number such as 2 or a percentage such as"
                + " 50%"),
        new Row(
            "scale.maxStepDown",
            p -> p.maxStepDown("-1"),
            "rules[0].scale.maxStepDown: \"-1\" is not a number such as 2 or a percentage such as"
                + " 50%"),
        new Row(
            "scale min above max",
            p -> p.minReplicas(5).maxReplicas(3),
            "rules[0].scale: minReplicas 5 is greater than maxReplicas 3"),
        new Row(
            "unknown action",
            p -> p.rule(new PolicyRule("delete", "Allow", null, null)),
            "rules[1]: action \"delete\" is not supported; use scale, restart or rollback"),
        new Row(
            "selector operator",
            p -> p.selector(selector(Map.of(), requirement("app", "Matches", "web"))),
            "targets.selector.matchExpressions[0]: operator \"Matches\" is not In, NotIn, Exists"
                + " or DoesNotExist"),
        new Row(
            "rollback limits on a scale rule",
            p -> p.maxRevisionsBack(1),
            "rules[0].rollback: rollback limits belong to a rule for action rollback"),
        new Row(
            "rollback.maxRevisionsBack",
            p -> p.rule(new PolicyRule("rollback", "Allow", null, null, new RollbackLimits(0))),
            "rules[1].rollback: maxRevisionsBack 0 must be at least 1"),
        new Row(
            "autoApproveWhen on a restart rule",
            p -> p.rule(new PolicyRule("restart", "Allow", null, approvalUnless("2", null, "al"))),
            "rules[1].approval.autoApproveWhen: only scale requests can be auto-approved"),
        new Row(
            "autoApproveWhen without bounds",
            p ->
                p.approval(
                    new ApprovalRequirement(
                        true,
                        null,
                        new ApprovalRequirement.Approvers(List.of("alice"), List.of()),
                        new AutoApproveCondition(null, null),
                        null)),
            "rules[0].approval.autoApproveWhen: give maxStepUp, maxStepDown or both"),
        new Row(
            "autoApproveWhen.maxStepUp",
            p -> p.approval(approvalUnless("lots", null, "alice")),
            "rules[0].approval.autoApproveWhen.maxStepUp: \"lots\" is not a number such as 2 or a"
                + " percentage such as 50%"),
        new Row(
            "autoApproveWhen without required approval",
            p ->
                p.approval(
                    new ApprovalRequirement(
                        false, null, null, new AutoApproveCondition("2", null), null)),
            "rules[0].approval.autoApproveWhen: has no effect unless required is true"),
        new Row(
            "budget.window",
            p -> p.budget("hourly", 5, null),
            "budget.window: \"hourly\" is not a duration such as 10m or 1h"),
        new Row(
            "budget without a window",
            p -> p.budget(null, 5, null),
            "budget.window: is missing; give a duration such as 1h"),
        new Row(
            "budget without maxima",
            p -> p.budget("1h", null, null),
            "budget: give maxActionsPerAgent, maxActionsPerTarget or both"),
        new Row(
            "budget.maxActionsPerAgent",
            p -> p.budget("1h", 0, null),
            "budget.maxActionsPerAgent: 0 must be at least 1"),
        new Row(
            "budget.maxActionsPerTarget",
            p -> p.budget("1h", null, -3),
            "budget.maxActionsPerTarget: -3 must be at least 1"),
        new Row(
            "cooldown",
            p -> p.cooldown("soon"),
            "cooldown: \"soon\" is not a duration such as 10m or 1h"),
        new Row(
            "cooldown of zero", p -> p.cooldown("0m"), "cooldown: \"0m\" must be longer than zero"),
        new Row(
            "freezeWindows schedule",
            p -> p.freeze("w", "0 18 * *", "1h", "UTC"),
            "freezeWindows[0].schedule: \"0 18 * *\" has 4 fields; use 5: minute hour"
                + " day-of-month month day-of-week"),
        new Row(
            "freezeWindows schedule range",
            p -> p.freeze("w", "0 18 * * MON-SUNDAY", "1h", "UTC"),
            "freezeWindows[0].schedule: \"0 18 * * MON-SUNDAY\" day-of-week \"SUNDAY\" is not a"
                + " number"),
        new Row(
            "freezeWindows duration",
            p -> p.freeze("w", "0 18 * * FRI", "all weekend", "UTC"),
            "freezeWindows[0].duration: \"all weekend\" is not a duration such as 30m or 62h"),
        new Row(
            "freezeWindows timeZone",
            p -> p.freeze("w", "0 18 * * FRI", "1h", "Europe/Atlantis"),
            "freezeWindows[0].timeZone: \"Europe/Atlantis\" is not an IANA time zone such as"
                + " Europe/Berlin"),
        new Row(
            "freezeWindows timeZone as an offset",
            p -> p.freeze("w", "0 18 * * FRI", "1h", "+02:00"),
            "freezeWindows[0].timeZone: \"+02:00\" is not an IANA time zone such as Europe/Berlin"),
        new Row(
            "freezeWindows names",
            p -> p.freeze("w", "0 18 * * FRI", "1h", "UTC").freeze("w", "0 8 * * MON", "1h", "UTC"),
            "freezeWindows[1].name: \"w\" is used by an earlier window"),
        new Row("mode", p -> p.mode("Dry"), "mode: \"Dry\" is not Enforce or Audit"));
  }
}
