package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The AgentPolicies that allowed a request awaiting approval, as they are now. The decision pins
 * each one's generation; approvals are counted only while every one of them is unchanged, because
 * an approval is a signature under the policy the request was decided by: a policy made stricter
 * (or deleted) after the decision must not let approvals given under the old one through.
 */
final class GoverningPolicies {
  private final KubernetesClient client;

  GoverningPolicies(KubernetesClient client) {
    this.client = client;
  }

  /** The governing policies, or why the decision no longer holds. */
  sealed interface Reading permits Unchanged, Changed {}

  /** Every pinned policy is unchanged. */
  record Unchanged(List<AgentPolicy> policies) implements Reading {}

  /** A pinned policy was changed or deleted; the reason says which. */
  record Changed(String reason) implements Reading {}

  Reading read(Decision decision) {
    List<AgentPolicy> policies = new ArrayList<>();
    for (PolicyMatch pinned : decision.policies()) {
      if (!PolicyRule.ALLOW.equals(pinned.effect()) || pinned.name() == null) {
        continue;
      }
      AgentPolicy live = client.resources(AgentPolicy.class).withName(pinned.name()).get();
      Optional<String> change = change(pinned, live);
      if (change.isPresent()) {
        return new Changed(change.get());
      }
      policies.add(live);
    }
    return new Unchanged(policies);
  }

  private static Optional<String> change(PolicyMatch pinned, AgentPolicy live) {
    if (live == null) {
      return Optional.of(
          "AgentPolicy "
              + pinned.name()
              + " was deleted after the decision; approvals do not carry over, file a new"
              + " request");
    }
    Long now = live.getMetadata().getGeneration();
    if (!Objects.equals(now, pinned.generation())) {
      return Optional.of(
          "AgentPolicy "
              + pinned.name()
              + " changed after the decision (generation "
              + pinned.generation()
              + ", now "
              + now
              + "); approvals do not carry over to a changed policy, file a new request");
    }
    return Optional.empty();
  }
}
