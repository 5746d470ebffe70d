package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;

/**
 * A rule that governs a request, with the policy it belongs to (a check may need the policy's name
 * for its message, or policy-wide settings such as freeze windows).
 */
public record MatchedRule(PolicySnapshot policy, PolicyRule rule) {

  /** The name of the policy the rule belongs to. */
  public String policyName() {
    return policy.name();
  }
}
