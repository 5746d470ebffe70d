package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.PolicySnapshot;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link PolicyIndex} of the AgentPolicies in the informer cache, rebuilt only after a policy
 * was added, changed or deleted (the informer calls {@link #invalidate()}), so that a decision does
 * not re-validate and re-index every policy.
 */
final class PolicyIndexCache {
  private final AtomicLong version = new AtomicLong();
  private volatile Built built;

  private record Built(long version, PolicyIndex index) {}

  /** A policy changed: the next {@link #get} rebuilds the index. */
  void invalidate() {
    version.incrementAndGet();
  }

  /** The index of {@code policies}, rebuilt when a policy changed since it was last built. */
  PolicyIndex get(Supplier<Collection<AgentPolicy>> policies) {
    long current = version.get();
    Built cached = built;
    if (cached != null && cached.version() == current) {
      return cached.index();
    }
    PolicyIndex index = of(policies.get());
    built = new Built(current, index);
    return index;
  }

  /**
   * The index of {@code live} (the policies as the API server lists them now): {@code cached} when
   * it holds exactly those policies at those generations and with those specs, a new one otherwise.
   */
  static PolicyIndex confirmed(PolicyIndex cached, Collection<AgentPolicy> live) {
    List<AgentPolicy> withSpec = live.stream().filter(p -> p.getSpec() != null).toList();
    boolean same =
        withSpec.size() == cached.size()
            && withSpec.stream()
                .allMatch(
                    p ->
                        cached
                            .named(p.getMetadata().getName())
                            .map(IndexedPolicy::snapshot)
                            .filter(s -> s.equals(snapshot(p)))
                            .isPresent());
    return same ? cached : of(withSpec);
  }

  /** Indexes these policies, skipping any without a spec. */
  static PolicyIndex of(Collection<AgentPolicy> policies) {
    return PolicyIndex.of(
        policies.stream()
            .filter(p -> p.getSpec() != null)
            .map(PolicyIndexCache::snapshot)
            .toList());
  }

  private static PolicySnapshot snapshot(AgentPolicy policy) {
    Long generation = policy.getMetadata().getGeneration();
    return new PolicySnapshot(
        policy.getMetadata().getName(), generation == null ? 0 : generation, policy.getSpec());
  }
}
