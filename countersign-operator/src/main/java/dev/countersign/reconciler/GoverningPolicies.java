package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.policy.PolicyIndex;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the operator reads AgentPolicies: the one place that says which of three reads is used where,
 * and why.
 *
 * <ol>
 *   <li><b>The informer's index</b> ({@link #index()}): every decision and every re-check starts
 *       here. The policies are watched, and validated and indexed again only after one changed
 *       ({@link PolicyIndexCache}), so deciding costs no API call. It can lag: the watch of
 *       policies and the watch of requests are independent, so a policy created a moment before a
 *       request may not be in it yet.
 *   <li><b>The API server's list</b> ({@link Reading#confirmed()}): one LIST of every AgentPolicy,
 *       at most once per reconciliation and only when the informer's answer could be wrong in a way
 *       that matters: a real request that would go ahead (a missed Deny must not let it through), a
 *       denial for want of any policy (a missed Allow must not make it final), and every execution
 *       about to start. A failed list denies a decision (fail closed); at execution it is retried.
 *   <li><b>A GET per policy</b> ({@link #approving(Decision)}): while a request awaits approval,
 *       the few policies its decision names as allowing it, read by name each time its Approvals
 *       are counted. Their subjects say which service accounts may never approve, and their
 *       approval ttl how long an approval counts; both must be the server's current word (a service
 *       account made a subject a moment ago is already barred), and a GET of the named policies
 *       gives that without listing them all.
 * </ol>
 *
 * <p>A policy changed after the decision does not stop the count: the re-check just before
 * execution ({@link ExecutionGate}) denies the request if the changed policy would now deny it or
 * demand more approvals than it has.
 */
public final class GoverningPolicies {
  private final KubernetesClient client;
  private final PolicyIndexCache cache = new PolicyIndexCache();
  private volatile InformerEventSource<AgentPolicy, ActionRequest> informer;

  GoverningPolicies(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The informer of AgentPolicies, for the ActionRequest controller's event sources; any change to
   * a policy invalidates the index decisions use.
   */
  InformerEventSource<AgentPolicy, ActionRequest> eventSource(
      EventSourceContext<ActionRequest> context) {
    informer =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AgentPolicy.class, ActionRequest.class)
                .withName("policies")
                .withSecondaryToPrimaryMapper((AgentPolicy p) -> Set.of())
                .build(),
            context) {
          @Override
          public void onAdd(AgentPolicy policy) {
            super.onAdd(policy);
            cache.invalidate();
          }

          @Override
          public void onUpdate(AgentPolicy before, AgentPolicy after) {
            super.onUpdate(before, after);
            cache.invalidate();
          }

          @Override
          public void onDelete(AgentPolicy policy, boolean unknownFinalState) {
            super.onDelete(policy, unknownFinalState);
            cache.invalidate();
          }
        };
    return informer;
  }

  /** The informer's policies, validated and indexed. */
  PolicyIndex index() {
    return cache.get(() -> informer.list().toList());
  }

  /** What one reconciliation reads: the informer's index, and the server's list at most once. */
  Reading reading() {
    return new Reading();
  }

  /** The policies as one reconciliation sees them. */
  final class Reading {
    private PolicyIndex cached;
    private PolicyIndex confirmed;

    private Reading() {}

    /** The informer's index (taken on the first call, then kept for this reconciliation). */
    PolicyIndex cached() {
      if (cached == null) {
        cached = index();
      }
      return cached;
    }

    /**
     * The policies as the API server lists them now (listed on the first call only): the cached
     * index itself when nothing differs, so that {@code confirmed() == cached()} says so.
     */
    PolicyIndex confirmed() {
      if (confirmed == null) {
        confirmed =
            PolicyIndexCache.confirmed(
                cached(), client.resources(AgentPolicy.class).list().getItems());
      }
      return confirmed;
    }
  }

  /**
   * The policies the decision names as governing the request (Allow or Deny), from the informer's
   * cache: no API call. For notifications, which follow the policies as they are now.
   */
  List<AgentPolicy> governing(Decision decision) {
    List<AgentPolicy> policies = new ArrayList<>();
    if (decision == null || informer == null) {
      return policies;
    }
    for (PolicyMatch match : decision.policies()) {
      if (match.effect() != null && match.name() != null) {
        informer
            .get(new io.javaoperatorsdk.operator.processing.event.ResourceID(match.name()))
            .ifPresent(policies::add);
      }
    }
    return policies;
  }

  /** The live AgentPolicies whose Allow rules the decision rests on (deleted ones are absent). */
  List<AgentPolicy> approving(Decision decision) {
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
