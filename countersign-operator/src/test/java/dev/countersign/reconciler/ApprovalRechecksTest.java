package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.harness.WithoutApiServerValidation;
import dev.countersign.quorum.SpecHash;
import org.junit.jupiter.api.Test;

/**
 * The approval attacks only the API server can stop, on a cluster that let them through (as one
 * whose CRDs and admission policy were not installed): the operator still sees them, ignores the
 * Approval with an Event saying why, and executes nothing.
 */
@WithoutApiServerValidation
class ApprovalRechecksTest extends ApprovalTestBase {
  @Test
  void approvalOfAChangedSpecExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();
    String shownHash = SpecHash.of(waiting.getSpec());
    // The CRD schema and admission forbid this edit; here they are off, so the operator must.
    ActionRequest changed = changeSpecToTenReplicas();

    approve(Approvals.of(waiting, "alice", ApprovalSpec.APPROVE, "8 is fine"));

    awaitIgnored(
        REQUEST,
        "was given for a different spec (hash "
            + shownHash
            + "; the request's spec hashes to "
            + SpecHash.of(changed.getSpec())
            + ")");
    assertNothingExecuted(waiting);
  }

  @Test
  void oversizedApprovalReasonExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();

    approve(Approvals.of(waiting, "alice", ApprovalSpec.APPROVE, "x".repeat(5_000)));

    awaitIgnored(REQUEST, "its reason is 5000 characters long; at most 1024 are allowed");
    assertNothingExecuted(waiting);
  }
}
