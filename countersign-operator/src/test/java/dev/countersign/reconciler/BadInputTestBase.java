package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.policy.ReasonCode;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;

/**
 * A namespace with Deployment web (3 replicas) and a policy that allows the agent anything within
 * 0..100000 replicas, so that what a bad request ends with is its badness, not a missing policy.
 */
abstract class BadInputTestBase extends LifecycleTestBase {
  Deployment before;

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

  void assertDenied(ActionRequest request, String reason, ReasonCode code) {
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

  void assertUnchanged() {
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
