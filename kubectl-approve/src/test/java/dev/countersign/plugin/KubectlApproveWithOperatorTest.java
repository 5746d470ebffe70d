package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.quorum.SpecHash;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin against the real operator: the Approval it creates counts (so its spec hash is the
 * operator's), and {@code --wait} prints how the request ended.
 */
class KubectlApproveWithOperatorTest {
  private PluginHarness cluster;
  private OperatorHarness operator;
  private SimulatedWorkloadController controllers;
  private ActionRequest waiting;

  @BeforeEach
  void aScaleAwaitsAlice() {
    cluster = PluginHarness.start();
    operator = OperatorHarness.start(cluster.server);
    controllers = new SimulatedWorkloadController(cluster.client, PluginHarness.NAMESPACE).start();
    cluster.client.resource(TestWorkloads.deployment(PluginHarness.NAMESPACE, "web", 3)).create();
    cluster
        .client
        .resource(
            AgentPolicies.forNamespace(PluginHarness.NAMESPACE)
                .allowScaleWithApproval(1, 10, "alice")
                .build())
        .create();
    ActionRequest submitted =
        cluster.server.fileAsRequester(
            ActionRequests.scale("web", 8).in(PluginHarness.NAMESPACE).build());
    waiting = operator.awaitPhase(submitted, Phase.AwaitingApproval);
  }

  @AfterEach
  void stop() {
    controllers.close();
    operator.close();
    cluster.close();
  }

  @Test
  void theOperatorCountsThePluginsApprovalBecauseTheSpecHashesAgree() {
    var result = cluster.run("scale-web-to-8", "--yes", "--wait", "--timeout", "20s");

    assertThat(result.code()).as(result.toString()).isZero();
    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);
    Approval approval = cluster.approvals().get(0);
    assertThat(approval.getSpec().specHash()).isEqualTo(SpecHash.of(done.getSpec()));
    assertThat(done.getStatus().approvals())
        .singleElement()
        .satisfies(r -> assertThat(r.counted()).as(r.reason()).isTrue());
    assertThat(result.out()).contains("scale-web-to-8: Succeeded", "spec.replicas: 3 → 8");
    assertThat(
            cluster
                .client
                .apps()
                .deployments()
                .inNamespace(PluginHarness.NAMESPACE)
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(8);
  }

  @Test
  void aRejectionWithWaitPrintsTheRejection() {
    var result =
        cluster.run("scale-web-to-8", "--reject", "--reason", "not now", "--yes", "--wait");

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out()).contains("scale-web-to-8: Rejected — rejected by alice: not now");
    assertThat(
            cluster
                .client
                .apps()
                .deployments()
                .inNamespace(PluginHarness.NAMESPACE)
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
  }

  @Test
  void waitingLongerThanTheTimeoutSaysSo() {
    cluster
        .client
        .resource(
            AgentPolicies.forNamespace(PluginHarness.NAMESPACE)
                .named("two-people")
                .allowScaleWithApproval(1, 10, "alice", "bob")
                .build())
        .create();
    ActionRequest second =
        cluster.server.fileAsRequester(
            ActionRequests.scale("web", 9)
                .named("scale-web-to-9")
                .in(PluginHarness.NAMESPACE)
                .build());
    operator.awaitPhase(second, Phase.AwaitingApproval);
    controllers.setRolloutsComplete(false);

    var result = cluster.run("scale-web-to-9", "--yes", "--wait", "--timeout", "1s");

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.WAIT_TIMED_OUT.code());
    assertThat(result.err()).contains("error: scale-web-to-9 did not finish within 1s");
  }
}
