package dev.countersign.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement.Approvers;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The approval ttl of the policies that govern a request. */
class ApprovalTtlTest {
  private static AgentPolicySpec restartNeedsApprovalWithin(String ttl) {
    return new AgentPolicySpec(
        null,
        null,
        List.of(
            new PolicyRule(
                "restart",
                "Allow",
                null,
                new ApprovalRequirement(
                    true, 1, new Approvers(List.of("alice"), null), null, ttl))),
        null);
  }

  @Test
  void theShortestTtlOfTheGoverningRulesApplies() {
    assertThat(
            ApprovalTtl.strictest(
                List.of(restartNeedsApprovalWithin("1h"), restartNeedsApprovalWithin("15m")),
                "restart"))
        .contains(Duration.ofMinutes(15));
  }

  @Test
  void rulesForOtherActionsSetNoTtl() {
    assertThat(ApprovalTtl.strictest(List.of(restartNeedsApprovalWithin("1h")), "scale")).isEmpty();
  }

  @Test
  void withoutATtlApprovalsLastUntilTheRequestExpires() {
    assertThat(ApprovalTtl.strictest(List.of(restartNeedsApprovalWithin(null)), "restart"))
        .isEmpty();
  }

  @Test
  void aTtlThatIsNotADurationLetsNoApprovalCount() {
    assertThat(ApprovalTtl.strictest(List.of(restartNeedsApprovalWithin("soon")), "restart"))
        .contains(Duration.ZERO);
  }
}
