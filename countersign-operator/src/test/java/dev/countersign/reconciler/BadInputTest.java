package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.policy.ReasonCode;
import dev.countersign.testkit.apiserver.Refusals;
import org.junit.jupiter.api.Test;

/**
 * Bad requests end where a cluster ends them. What the CRD schema forbids, the API server refuses
 * with a 422 naming the field (nothing is stored, nothing runs); what only the cluster's state can
 * tell (a missing target or revision, no policy, the operator's ceiling) ends Denied with a
 * condition and an Event that say exactly what is wrong. The operator's own checks of what the
 * schema forbids are in {@link OperatorRechecksTest}.
 */
class BadInputTest extends BadInputTestBase {

  @Test
  void deniesAMissingTarget() {
    assertDenied(
        ActionRequests.scale("api", 4).build(),
        "Deployment api does not exist in namespace " + namespace,
        ReasonCode.TargetMissing);
  }

  @Test
  void theApiServerRefusesAnUnsupportedKind() {
    assertRefused(
        ActionRequests.restart("web").kind("DaemonSet").build(),
        "ActionRequest.countersign.dev \"restart-web\" is invalid: spec.target.kind: Invalid value:"
            + " \"DaemonSet\": spec.target.kind in body should match '^(Deployment|StatefulSet)$'");
  }

  @Test
  void theApiServerRefusesAnUnknownAction() {
    assertRefused(
        ActionRequests.action("delete", "web").build(),
        "ActionRequest.countersign.dev \"delete-web\" is invalid: spec.action: Invalid value:"
            + " \"delete\": spec.action in body should match '^(scale|restart|rollback)$'");
  }

  @Test
  void theApiServerRefusesNegativeReplicas() {
    assertRefused(
        ActionRequests.scale("web", -1).build(),
        "ActionRequest.countersign.dev \"scale-web-to-1\" is invalid: spec.scale.replicas: Invalid"
            + " value: -1: spec.scale.replicas in body should be greater than or equal to 0");
  }

  @Test
  void deniesAbsurdReplicas() {
    assertDenied(
        ActionRequests.scale("web", 50000).build(),
        "replicas 50000 exceeds the operator's ceiling of 1000",
        ReasonCode.AboveMax);
  }

  @Test
  void deniesAnUnknownRevision() {
    assertDenied(
        ActionRequests.rollback("web").toRevision(7).build(),
        "revision 7 does not exist for Deployment web",
        ReasonCode.RevisionMissing);
  }

  @Test
  void deniesWhatNoPolicyAllows() {
    assertDenied(
        ActionRequests.scale("web", 4)
            .by("system:serviceaccount:agents:rogue")
            .named("rogue")
            .build(),
        "no AgentPolicy allows system:serviceaccount:agents:rogue to scale Deployment web in namespace "
            + namespace,
        ReasonCode.NoPolicy);
  }

  private void assertRefused(ActionRequest request, String message) {
    Refusals.assertRefused(() -> submit(request), 422, message);
    assertThat(
            client
                .resources(ActionRequest.class)
                .inNamespace(namespace)
                .withName(request.getMetadata().getName())
                .get())
        .as("nothing was stored")
        .isNull();
    assertUnchanged();
  }
}
