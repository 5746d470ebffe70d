package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The AgentPolicies that allowed a request awaiting approval, as they are now: their subjects
 * decide which service accounts may never approve. A policy changed after the decision does not
 * stop the count here; the re-check just before execution ({@link ExecutionGate}) denies the
 * request if the changed policy would now deny it or demand more approvals than it has.
 */
final class GoverningPolicies {
  private final KubernetesClient client;

  GoverningPolicies(KubernetesClient client) {
    this.client = client;
  }

  /** The live AgentPolicies whose Allow rules the decision rests on (deleted ones are absent). */
  List<AgentPolicy> read(Decision decision) {
    List<AgentPolicy> policies = new ArrayList<>();
    for (PolicyMatch pinned : decision.policies()) {
      if (!PolicyRule.ALLOW.equals(pinned.effect()) || pinned.name() == null) {
        continue;
      }
      AgentPolicy live = client.resources(AgentPolicy.class).withName(pinned.name()).get();
      if (live != null) {
        policies.add(live);
      }
    }
    return policies;
  }
}
