package dev.countersign.reconciler;

import dev.countersign.fixtures.ActionRequests;
import dev.countersign.harness.WithoutApiServerValidation;
import dev.countersign.policy.ReasonCode;
import org.junit.jupiter.api.Test;

/**
 * What the CRD schema forbids, the operator re-checks on its own (it never trusts what it reads):
 * on a cluster that let such a request through, as one whose CRDs were installed without their
 * schema would, the request ends Denied with a condition and an Event that say what is wrong, and
 * the workload is untouched.
 */
@WithoutApiServerValidation
class OperatorRechecksTest extends BadInputTestBase {

  @Test
  void deniesAnUnsupportedKind() {
    assertDenied(
        ActionRequests.restart("web").kind("DaemonSet").build(),
        "kind DaemonSet is not supported; use Deployment or StatefulSet",
        ReasonCode.UnsupportedKind);
  }

  @Test
  void deniesAnUnknownAction() {
    assertDenied(
        ActionRequests.action("delete", "web").build(),
        "action \"delete\" is not supported; use scale, restart or rollback",
        ReasonCode.UnknownAction);
  }

  @Test
  void deniesNegativeReplicas() {
    assertDenied(
        ActionRequests.scale("web", -1).build(),
        "replicas -1 is negative",
        ReasonCode.InvalidRequest);
  }
}
