package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.policy.PolicyIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyIndexCacheTest {
  private final AgentPolicy allow =
      AgentPolicies.forNamespace("apps").named("allow").allowScale(1, 10).build();
  private final AgentPolicy deny =
      AgentPolicies.forNamespace("apps").named("deny").deny("scale").build();
  private final PolicyIndex cached = PolicyIndexCache.of(List.of(allow));

  @Test
  void theCachedIndexIsKeptWhenTheServerListsTheSamePolicies() {
    assertThat(PolicyIndexCache.confirmed(cached, List.of(allow))).isSameAs(cached);
  }

  @Test
  void aPolicyTheInformerHasNotSeenYetIsIndexed() {
    PolicyIndex confirmed = PolicyIndexCache.confirmed(cached, List.of(allow, deny));

    assertThat(confirmed.named("deny")).isPresent();
    assertThat(confirmed.size()).isEqualTo(2);
  }

  @Test
  void aPolicyDeletedOnTheServerIsDropped() {
    PolicyIndex confirmed = PolicyIndexCache.confirmed(cached, List.of());

    assertThat(confirmed.named("allow")).isEmpty();
  }

  @Test
  void aPolicyChangedOnTheServerIsIndexedAsItIsNow() {
    AgentPolicy changed =
        AgentPolicies.forNamespace("apps").named("allow").allowScale(1, 3).build();
    changed.getMetadata().setGeneration(2L);

    PolicyIndex confirmed = PolicyIndexCache.confirmed(cached, List.of(changed));

    assertThat(confirmed).isNotSameAs(cached);
    assertThat(confirmed.named("allow").orElseThrow().snapshot().generation()).isEqualTo(2);
  }

  @Test
  void aSpecChangeWithTheSameGenerationStillCounts() {
    AgentPolicy changed =
        AgentPolicies.forNamespace("apps").named("allow").allowScale(1, 3).build();

    assertThat(PolicyIndexCache.confirmed(cached, List.of(changed))).isNotSameAs(cached);
  }
}
