package dev.countersign.plugin;

import static dev.countersign.plugin.PluginHarness.NAMESPACE;
import static dev.countersign.plugin.PluginHarness.approvers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.quorum.SpecHash;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kubectl approve NAME --show}: everything an approver needs, and nothing created. */
class KubectlApproveShowTest {
  private PluginHarness cluster;

  @BeforeEach
  void start() {
    cluster = PluginHarness.start();
  }

  @AfterEach
  void stop() {
    assertThat(cluster.approvals()).as("approvals created by showing").isEmpty();
    cluster.close();
  }

  @Test
  void showsReasoningDecisionApprovalsAndTheReplicaChange() {
    cluster.client.resource(TestWorkloads.deployment(NAMESPACE, "web", 3)).create();
    ActionRequest request =
        cluster.awaiting(
            ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), List.of("sre")));

    var result = cluster.run("scale-web-to-8", "--show");

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains(
            "Request:    shop/scale-web-to-8",
            "Agent:      " + ActionRequests.AGENT,
            "Wants to:   scale to 8 Deployment/web",
            "Phase:      AwaitingApproval — waiting for approval (0/1)",
            "spec hash " + SpecHash.of(request.getSpec()),
            "Summary:      p95 latency is above its SLO",
            "Evidence:     - prometheus: p95 = 870ms for 15m (SLO 400ms)",
            "Alternatives: - restart: no sign of a leak",
            "Confidence:   0.8",
            "Plan:         watch p95 for 10 minutes",
            "DECISION: NeedsApproval",
            "policy shop-web-agents (generation 1): Allow — allows it with 1 approval from alice",
            "needs 1 approval(s) from users [alice] or groups [sre]",
            "APPROVALS SO FAR: 0/1",
            "none yet",
            "WHAT WILL CHANGE",
            "Deployment web: replicas 3 → 8 (5 more pods)",
            "You: alice (test, groups [sre, dev]) may approve this request");
    assertThat(cluster.questions).isEmpty();
  }

  @Test
  void showsWhichPodsARestartReplaces() {
    cluster.client.resource(TestWorkloads.deployment(NAMESPACE, "web", 2)).create();
    for (String pod : List.of("web-a", "web-b")) {
      cluster.client.resource(pod(pod, "web")).create();
    }
    cluster.client.resource(pod("api-a", "api")).create();
    cluster.awaiting(ActionRequests.restart("web").build(), approvers(List.of("alice"), null));

    var result = cluster.run("restart-web", "--show");

    assertThat(result.out())
        .contains(
            "Deployment web: every pod is replaced, as its rollout strategy allows (last restart:"
                + " never)",
            "replaces pod web-a (Running",
            "replaces pod web-b (Running")
        .doesNotContain("api-a");
  }

  @Test
  void showsTheTemplateDifferenceOfARollback() {
    Deployment web =
        cluster
            .client
            .resource(
                TestWorkloads.deployment(NAMESPACE, "web", 3, TestWorkloads.image("web", "2.0")))
            .create();
    web.getMetadata().setAnnotations(Map.of("deployment.kubernetes.io/revision", "2"));
    web = cluster.client.resource(web).update();
    cluster
        .client
        .resource(TestWorkloads.replicaSet(web, 1, TestWorkloads.image("web", "1.0")))
        .create();
    cluster
        .client
        .resource(TestWorkloads.replicaSet(web, 2, TestWorkloads.image("web", "2.0")))
        .create();
    cluster.awaiting(ActionRequests.rollback("web").build(), approvers(List.of("alice"), null));

    var result = cluster.run("rollback-web", "--show");

    assertThat(result.out())
        .contains(
            "Deployment web: pod template revision 2 → revision 1",
            "-   - image: \"registry.example/web:2.0\"\n    +   - image: \"registry.example/web:1.0\"");
  }

  @Test
  void aMissingTargetIsShownAsNothingWillChange() {
    cluster.awaiting(ActionRequests.scale("gone", 4).build(), approvers(List.of("alice"), null));

    var result = cluster.run("scale-gone-to-4", "--show");

    assertThat(result.out())
        .contains(
            "Deployment/gone does not exist in namespace shop: nothing can change, the operator"
                + " will fail the request");
  }

  @Test
  void showsRequestsTheCallerMayNotApproveOrThatAreOver() {
    var request =
        cluster.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("bob"), null));
    cluster.moveTo(request, Phase.Expired, "expired with 0/1 approvals");

    var result = cluster.run("scale-web-to-8", "--show");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains(
            "Phase:      Expired — expired with 0/1 approvals",
            "may not approve: alice is not an allowed approver: needs one of users [bob]");
  }

  @Test
  void printsTheShowViewAsJsonWithoutAsking() {
    cluster.client.resource(TestWorkloads.deployment(NAMESPACE, "web", 3)).create();
    var request =
        cluster.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), null));
    cluster.interactive = true;

    var json = cluster.run("scale-web-to-8", "-o", "json");
    var yaml = cluster.run("scale-web-to-8", "-o", "yaml");

    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(json.out())
        .contains(
            "\"specHash\":\"" + SpecHash.of(request.getSpec()) + "\"",
            "\"whatWillChange\":[\"Deployment web: replicas 3 → 8 (5 more pods)\"]",
            "\"mayApprove\":true",
            "\"viewer\":\"alice\"");
    assertThat(yaml.out()).contains("specHash: \"" + SpecHash.of(request.getSpec()) + "\"");
    assertThat(cluster.questions).isEmpty();
  }

  @Test
  void anUnknownRequestIsNotFound() {
    var result = cluster.run("nope", "--show");

    assertThat(result.code()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(result.err()).isEqualTo("error: actionrequest nope not found in namespace shop\n");
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String name, String app) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }
}
