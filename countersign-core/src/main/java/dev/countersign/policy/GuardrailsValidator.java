package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.AutoApproveCondition;
import dev.countersign.api.v1alpha1.agentpolicy.Budget;
import dev.countersign.api.v1alpha1.agentpolicy.FreezeWindow;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.api.v1alpha1.agentpolicy.RollbackLimits;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of {@link PolicyValidator} that checks the guardrails beyond matching: step limits,
 * rollback limits, auto-approve conditions, the budget, the cooldown, freeze windows and the mode.
 * Each problem names its field.
 */
final class GuardrailsValidator {
  private GuardrailsValidator() {}

  /** Problems with one rule's step, rollback and auto-approve settings. */
  static void checkRule(String at, PolicyRule rule, Optional<Action> action, List<String> out) {
    if (rule.scale() != null) {
      checkStep(at + ".scale.maxStepUp", rule.scale().maxStepUp(), out);
      checkStep(at + ".scale.maxStepDown", rule.scale().maxStepDown(), out);
    }
    RollbackLimits rollback = rule.rollback();
    if (rollback != null) {
      if (action.isPresent() && action.get() != Action.ROLLBACK) {
        out.add(at + ".rollback: rollback limits belong to a rule for action rollback");
      }
      Integer back = rollback.maxRevisionsBack();
      if (back != null && back < 1) {
        out.add(at + ".rollback: maxRevisionsBack " + back + " must be at least 1");
      }
    }
    AutoApproveCondition when = rule.approval() == null ? null : rule.approval().autoApproveWhen();
    if (when != null) {
      String whenAt = at + ".approval.autoApproveWhen";
      if (action.isPresent() && action.get() != Action.SCALE) {
        out.add(whenAt + ": only scale requests can be auto-approved");
      }
      if (!rule.approval().requiresApproval()) {
        out.add(whenAt + ": has no effect unless required is true");
      }
      if (when.maxStepUp() == null && when.maxStepDown() == null) {
        out.add(whenAt + ": give maxStepUp, maxStepDown or both");
      }
      checkStep(whenAt + ".maxStepUp", when.maxStepUp(), out);
      checkStep(whenAt + ".maxStepDown", when.maxStepDown(), out);
    }
  }

  private static void checkStep(String at, String value, List<String> out) {
    if (value != null && StepLimit.parse(value).isEmpty()) {
      out.add(at + ": \"" + value + "\" is not a number such as 2 or a percentage such as 50%");
    }
  }

  /** Problems with the budget, cooldown, freeze windows and mode. */
  static void checkPolicy(AgentPolicySpec spec, List<String> out) {
    Budget budget = spec.budget();
    if (budget != null) {
      checkDuration("budget.window", budget.window(), true, out);
      if (budget.maxActionsPerAgent() == null && budget.maxActionsPerTarget() == null) {
        out.add("budget: give maxActionsPerAgent, maxActionsPerTarget or both");
      }
      checkPositive("budget.maxActionsPerAgent", budget.maxActionsPerAgent(), out);
      checkPositive("budget.maxActionsPerTarget", budget.maxActionsPerTarget(), out);
    }
    if (spec.cooldown() != null) {
      checkDuration("cooldown", spec.cooldown(), false, out);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.freezeWindows().size(); i++) {
      FreezeWindow window = spec.freezeWindows().get(i);
      String at = "freezeWindows[" + i + "]";
      FreezeSchedule.parse(window, at, out);
      if (window != null && window.name() != null && !names.add(window.name())) {
        out.add(at + ".name: \"" + window.name() + "\" is used by an earlier window");
      }
    }
    String mode = spec.mode();
    if (mode != null
        && !AgentPolicySpec.ENFORCE.equals(mode)
        && !AgentPolicySpec.AUDIT.equals(mode)) {
      out.add("mode: \"" + mode + "\" is not Enforce or Audit");
    }
  }

  private static void checkDuration(String at, String value, boolean required, List<String> out) {
    if (value == null) {
      if (required) {
        out.add(at + ": is missing; give a duration such as 1h");
      }
      return;
    }
    Optional<Duration> parsed = GoDuration.parse(value);
    if (parsed.isEmpty()) {
      out.add(at + ": \"" + value + "\" is not a duration such as 10m or 1h");
    } else if (parsed.get().isZero()) {
      out.add(at + ": \"" + value + "\" must be longer than zero");
    }
  }

  private static void checkPositive(String at, Integer value, List<String> out) {
    if (value != null && value < 1) {
      out.add(at + ": " + value + " must be at least 1");
    }
  }
}
