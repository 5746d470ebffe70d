package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.policy.ReasonCode;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the API server would let through (or that a client sent without schema validation, which
 * the mock server does not apply) end Denied with a condition and an Event that say exactly what is
 * wrong, and the workload is untouched.
 */
class BadInputTest extends LifecycleTestBase {
  private Deployment before;

  @BeforeEach
  void webAndAPermissivePolicy() {
    before = deployment("web", 3, "nginx:1.27");
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowScale(0, 100000)
            .allow("restart")
            .allow("rollback")
            .build());
  }

  @Test
  void deniesAMissingTarget() {
    assertDenied(
        ActionRequests.scale("api", 4).build(),
        "Deployment api does not exist in namespace " + namespace,
        ReasonCode.TargetMissing);
  }

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

  private void assertDenied(ActionRequest request, String reason, ReasonCode code) {
    ActionRequest denied = operator.awaitPhase(submit(request), Phase.Denied);

    assertThat(denied.getStatus().decision().reasons())
        .anySatisfy(r -> assertThat(r).contains(reason));
    assertThat(denied.getStatus().decision().reasonCodes()).first().isEqualTo(code.name());
    assertThat(denied.getStatus().message()).contains(reason);
    var decided = Conditions.find(denied.getStatus().conditions(), "Decided");
    assertThat(decided.getReason()).isEqualTo("Denied");
    assertThat(decided.getMessage()).contains(reason);
    assertThat(Conditions.find(denied.getStatus().conditions(), "Executed").getStatus())
        .isEqualTo("False");
    operator.awaitEventReasons(
        namespace, "ActionRequest", request.getMetadata().getName(), "Denied");
    var event =
        operator.events(namespace, "ActionRequest", request.getMetadata().getName()).getFirst();
    assertThat(event.getMessage()).contains(reason);
    assertThat(event.getMetadata().getAnnotations())
        .containsEntry(
            AuditAnnotations.REASON_CODES,
            String.join(",", denied.getStatus().decision().reasonCodes()));
    assertUnchanged();
  }

  private void assertUnchanged() {
    Deployment now = liveDeployment("web");
    assertThat(now.getSpec()).isEqualTo(before.getSpec());
    assertThat(now.getMetadata().getAnnotations())
        .as("no countersign.dev/* annotation on the workload")
        .doesNotContainKeys(
            AuditAnnotations.LAST_REQUEST,
            AuditAnnotations.LAST_AGENT,
            AuditAnnotations.LAST_ACTION);
  }
}
