package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.ScaleLimits;
import java.time.Instant;
import java.util.Optional;

/**
 * A scale request must ask for no fewer than the rule's {@code minReplicas} and no more than its
 * {@code maxReplicas}.
 */
public final class ScaleLimitsCheck implements RuleCheck {

  @Override
  public Optional<String> violation(MatchedRule matched, RequestFacts facts, Instant now) {
    ScaleLimits limits = matched.rule().scale();
    var scale = facts.spec().scale();
    if (limits == null || scale == null || scale.replicas() == null) {
      return Optional.empty();
    }
    int replicas = scale.replicas();
    if (limits.minReplicas() != null && replicas < limits.minReplicas()) {
      return Optional.of(
          "replicas "
              + replicas
              + " is below policy "
              + matched.policyName()
              + "'s minReplicas "
              + limits.minReplicas());
    }
    if (limits.maxReplicas() != null && replicas > limits.maxReplicas()) {
      return Optional.of(
          "replicas "
              + replicas
              + " is above policy "
              + matched.policyName()
              + "'s maxReplicas "
              + limits.maxReplicas());
    }
    return Optional.empty();
  }
}
