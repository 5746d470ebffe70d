package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.quorum.SpecHash;
import dev.countersign.status.Conditions;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Applies config/samples (packaged under samples/ on the classpath) and reconciles them: the policy
 * is Ready, the scale request runs, the restart waits for alice, and the sample Approval (with the
 * request's real uid filled in, as kubectl approve does) lets it run.
 */
class SamplesTest extends LifecycleTestBase {

  @Test
  void theSamplesAreAcceptedAndReconciled() {
    try (var shop = new SimulatedWorkloadController(client, "shop").start()) {
      EmbeddedApiServer.apply(client, "samples/workload.yaml");
      EmbeddedApiServer.apply(client, "samples/agentpolicy.yaml");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                AgentPolicy policy =
                    client.resources(AgentPolicy.class).withName("shop-web-agents").get();
                assertThat(Conditions.find(policy.getStatus().conditions(), "Ready").getStatus())
                    .isEqualTo("True");
              });

      fileSample("samples/actionrequest-scale.yaml");
      ActionRequest scale = sample("scale-web-for-checkout-peak");
      assertThat(operator.awaitPhase(scale, Phase.Succeeded).getStatus().execution().changes())
          .singleElement()
          .satisfies(c -> assertThat(c.to()).isEqualTo("5"));

      fileSample("samples/actionrequest-restart.yaml");
      ActionRequest restart =
          operator.awaitPhase(sample("restart-web-after-config-change"), Phase.AwaitingApproval);
      Approval approval =
          client
              .resources(Approval.class)
              .load(EmbeddedApiServer.resource("samples/approval.yaml"))
              .item();
      var spec = approval.getSpec();
      approval.setSpec(
          new ApprovalSpec(
              new ApprovalSpec.RequestRef(spec.request().name(), restart.getMetadata().getUid()),
              SpecHash.of(restart.getSpec()),
              spec.decision(),
              spec.approver(),
              spec.groups(),
              spec.reason()));
      api.giveAsApprover(approval);

      assertThat(operator.awaitPhase(restart, Phase.Succeeded).getStatus().approvalSummary())
          .isEqualTo("1/1");
    }
  }

  /** Files a sample request as the agent it names, which is bound to the agent role. */
  private void fileSample(String resource) {
    api.fileAsRequester(
        client.resources(ActionRequest.class).load(EmbeddedApiServer.resource(resource)).item());
  }

  private ActionRequest sample(String name) {
    return client.resources(ActionRequest.class).inNamespace("shop").withName(name).get();
  }
}
