package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.ScaleLimits;
import java.time.Instant;
import java.util.Optional;

/**
 * A scale request must ask for no fewer than the rule's {@code minReplicas} and no more than its
 * {@code maxReplicas}, and move the live replica count up by at most {@code maxStepUp} and down by
 * at most {@code maxStepDown} (each a number or a percentage of the current replicas).
 */
public final class ScaleLimitsCheck implements RuleCheck {

  @Override
  public Optional<Reason> violation(MatchedRule matched, RequestFacts facts, Instant now) {
    ScaleLimits limits = matched.rule().scale();
    var scale = facts.spec().scale();
    if (limits == null || scale == null || scale.replicas() == null) {
      return Optional.empty();
    }
    int replicas = scale.replicas();
    String policy = "policy " + matched.policyName() + "'s ";
    if (limits.minReplicas() != null && replicas < limits.minReplicas()) {
      return Optional.of(
          ReasonCode.BelowMin.because(
              "replicas "
                  + replicas
                  + " is below "
                  + policy
                  + "minReplicas "
                  + limits.minReplicas()));
    }
    if (limits.maxReplicas() != null && replicas > limits.maxReplicas()) {
      return Optional.of(
          ReasonCode.AboveMax.because(
              "replicas "
                  + replicas
                  + " is above "
                  + policy
                  + "maxReplicas "
                  + limits.maxReplicas()));
    }
    int current = facts.target().currentReplicas();
    int step = replicas - current;
    String field = step > 0 ? "maxStepUp" : "maxStepDown";
    Optional<StepLimit> limit =
        StepLimit.parse(step > 0 ? limits.maxStepUp() : limits.maxStepDown());
    if (step != 0 && limit.isPresent() && Math.abs(step) > limit.get().allowedFrom(current)) {
      return Optional.of(
          ReasonCode.StepLimit.because(
              "scaling from "
                  + current
                  + " to "
                  + replicas
                  + " is a step of "
                  + Math.abs(step)
                  + ", more than "
                  + policy
                  + field
                  + " "
                  + limit.get().describe(current)));
    }
    return Optional.empty();
  }
}
