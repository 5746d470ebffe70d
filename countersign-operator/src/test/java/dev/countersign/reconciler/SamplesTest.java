package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.quorum.SpecHash;
import dev.countersign.status.Conditions;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.ProjectFiles;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Applies config/samples (packaged under samples/ on the classpath) and the example bindings of
 * config/rbac, exactly as the README tells a user to, and reconciles them: the policy is Ready, the
 * agent's scale request runs, the restart waits for alice, and the sample Approval (with the
 * request's real uid filled in, as kubectl approve does), created by alice with the rights the
 * example binding gives the sre group, lets it run.
 */
class SamplesTest extends LifecycleTestBase {

  @Test
  void theSamplesAreAcceptedAndReconciled() throws IOException {
    try (var shop = new SimulatedWorkloadController(client, "shop").start()) {
      EmbeddedApiServer.apply(client, "samples/workload.yaml");
      EmbeddedApiServer.apply(client, "samples/agentpolicy.yaml");
      for (String binding : List.of("agent-rolebinding.yaml", "approver-rolebinding.yaml")) {
        try (var yaml = Files.newInputStream(ProjectFiles.path("config", "rbac", binding))) {
          client.load(yaml).createOrReplace();
        }
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          // The policy's status appears a moment after it is created.
          .ignoreException(NullPointerException.class)
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
      api.as(UserInfo.user(spec.approver(), spec.groups().toArray(String[]::new)))
          .resource(approval)
          .create();

      assertThat(operator.awaitPhase(restart, Phase.Succeeded).getStatus().approvalSummary())
          .isEqualTo("1/1");
    }
  }

  /** Files a sample request as the agent it names, with the rights config/rbac gives it. */
  private void fileSample(String resource) {
    ActionRequest request =
        client.resources(ActionRequest.class).load(EmbeddedApiServer.resource(resource)).item();
    api.as(Identities.named(request.getSpec().requester())).resource(request).create();
  }

  private ActionRequest sample(String name) {
    return client.resources(ActionRequest.class).inNamespace("shop").withName(name).get();
  }
}
