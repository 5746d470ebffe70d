package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.AutoApproveCondition;
import java.util.Optional;

/**
 * Whether a rule's {@code approval.autoApproveWhen} waives its required approval for a request: a
 * scale request whose step from the live replica count is within {@code maxStepUp} (going up) or
 * {@code maxStepDown} (going down). A direction without a bound is never waived; a step of zero
 * always is. Only scale requests are ever auto-approved.
 */
public final class AutoApproval {
  private AutoApproval() {}

  /** Why the requirement is waived for this request, in words; empty when it is not. */
  public static Optional<String> waiver(MatchedRule matched, RequestFacts facts) {
    ApprovalRequirement approval = matched.rule().approval();
    if (approval == null || !approval.requiresApproval() || approval.autoApproveWhen() == null) {
      return Optional.empty();
    }
    var scale = facts.spec().scale();
    if (!Action.SCALE.wireName().equals(facts.spec().action())
        || scale == null
        || scale.replicas() == null) {
      return Optional.empty();
    }
    AutoApproveCondition when = approval.autoApproveWhen();
    int current = facts.target().currentReplicas();
    int step = scale.replicas() - current;
    String bound = step >= 0 ? when.maxStepUp() : when.maxStepDown();
    Optional<StepLimit> limit = StepLimit.parse(bound);
    if (step != 0 && (limit.isEmpty() || Math.abs(step) > limit.get().allowedFrom(current))) {
      return Optional.empty();
    }
    return Optional.of(
        "policy "
            + matched.policyName()
            + " auto-approves: a step of "
            + Math.abs(step)
            + (step == 0
                ? " changes nothing"
                : " is within autoApproveWhen."
                    + (step > 0 ? "maxStepUp " : "maxStepDown ")
                    + limit.get().describe(current)));
  }
}
