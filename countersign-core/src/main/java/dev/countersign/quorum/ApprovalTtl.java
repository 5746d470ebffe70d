package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.policy.GoDuration;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * How long an approval stays valid: the shortest {@code approval.ttl} among the governing policies'
 * Allow rules for the action that require approval; empty when none sets one (approvals then last
 * until the request expires). A ttl that is not a valid duration (the schema forbids it) counts as
 * zero, so no approval counts under it: fail closed.
 */
public final class ApprovalTtl {
  private ApprovalTtl() {}

  public static Optional<Duration> strictest(Collection<AgentPolicySpec> policies, String action) {
    return policies.stream()
        .filter(Objects::nonNull)
        .filter(p -> p.rules() != null)
        .flatMap(p -> p.rules().stream())
        .filter(Objects::nonNull)
        .filter(rule -> !rule.denies() && Objects.equals(rule.action(), action))
        .map(PolicyRule::approval)
        .filter(Objects::nonNull)
        .filter(ApprovalRequirement::requiresApproval)
        .map(ApprovalRequirement::ttl)
        .filter(Objects::nonNull)
        .map(ttl -> GoDuration.parse(ttl).orElse(Duration.ZERO))
        .min(Duration::compareTo);
  }
}
