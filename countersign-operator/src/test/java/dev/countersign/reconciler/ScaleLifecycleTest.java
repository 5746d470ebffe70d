package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

class ScaleLifecycleTest extends LifecycleTestBase {

  @Test
  void autoApprovedScaleChangesReplicasAndLeavesAnAuditTrail() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());

    ActionRequest done =
        operator.awaitPhase(submit(ActionRequests.scale("web", 5).build()), Phase.Succeeded);

    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(5);
    assertThat(done.getStatus().decision().verdict()).isEqualTo(Verdict.Allowed);
    assertThat(done.getStatus().execution().changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.field()).isEqualTo("spec.replicas");
              assertThat(c.from()).isEqualTo("3");
              assertThat(c.to()).isEqualTo("5");
            });
    assertThat(done.getStatus().execution().finishedAt()).isNotNull();
    assertThat(Conditions.find(done.getStatus().conditions(), "Executed").getStatus())
        .isEqualTo("True");
    assertThat(done.getStatus().observedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(done.getMetadata().getAnnotations())
        .containsEntry(
            AuditAnnotations.REASONING,
            "p95 latency is above its SLO; the agent wants more capacity")
        .containsKey(AuditAnnotations.DECISION);
    assertThat(done.getMetadata().getAnnotations().get(AuditAnnotations.DECISION))
        .startsWith("Allowed");
    assertThat(liveDeployment("web").getMetadata().getAnnotations())
        .containsEntry(AuditAnnotations.LAST_REQUEST, namespace + "/scale-web-to-5")
        .containsEntry(AuditAnnotations.LAST_AGENT, ActionRequests.AGENT)
        .containsEntry(AuditAnnotations.LAST_APPROVERS, "none: auto-approved by policy");
    operator.awaitEventReasons(
        namespace, "ActionRequest", "scale-web-to-5", "AutoApproved", "Executing", "Succeeded");
    operator.awaitEventReasons(
        namespace, "Deployment", "web", "AutoApproved", "Executing", "Succeeded");
  }

  @Test
  void humanApprovedScaleWaitsForTheApproverThenRuns() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());

    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
    assertThat(waiting.getStatus().approvalSummary()).isEqualTo("0/1");
    assertThat(waiting.getStatus().message()).contains("waiting for 1 more approval", "[alice]");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);

    approve(Approvals.approve(waiting, "alice"));
    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);

    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(8);
    assertThat(done.getStatus().approvalSummary()).isEqualTo("1/1");
    assertThat(done.getStatus().approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.counted()).isTrue());
    assertThat(done.getMetadata().getAnnotations())
        .containsEntry(AuditAnnotations.APPROVERS, "alice");
    assertThat(liveDeployment("web").getMetadata().getAnnotations())
        .containsEntry(AuditAnnotations.LAST_APPROVERS, "alice");
    operator.awaitEventReasons(
        namespace,
        "ActionRequest",
        "scale-web-to-8",
        "AwaitingApproval",
        "Approved",
        "Executing",
        "Succeeded");
  }

  @Test
  void scaleOfAStatefulSetUsesItsScaleSubresource() {
    statefulSet("db", 2, "postgres:17");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 5).build());

    operator.awaitPhase(
        submit(ActionRequests.scale("db", 3).kind("StatefulSet").build()), Phase.Succeeded);

    assertThat(liveStatefulSet("db").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void dryRunDecidesButNeverExecutes() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());

    ActionRequest evaluated =
        operator.awaitPhase(
            submit(ActionRequests.scale("web", 6).dryRun().build()), Phase.Evaluated);

    assertThat(evaluated.getStatus().message())
        .startsWith("dry run: Allowed: policy agents-in-" + namespace + " allows scale");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
    operator.awaitEventReasons(namespace, "ActionRequest", "scale-web-to-6", "Evaluated");
    assertThat(operator.events(namespace, "Deployment", "web"))
        .as("a dry run asks nothing of the workload: no Event on it")
        .extracting(Event::getReason)
        .doesNotContain("Evaluated");
  }

  @Test
  void aNamespaceSelectorIsMatchedAgainstTheNamespacesLiveLabels() {
    deployment("web", 3, "nginx:1.27");
    policy(
        AgentPolicies.forNamespace(namespace)
            .named("labelled-" + namespace)
            .inNamespacesLabelled("scaling-" + namespace, "agents")
            .allowScale(1, 10)
            .build());

    ActionRequest denied =
        operator.awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Denied);
    assertThat(denied.getStatus().message()).contains("no AgentPolicy allows");

    client
        .namespaces()
        .withName(namespace)
        .edit(
            n -> {
              n.getMetadata().setLabels(java.util.Map.of("scaling-" + namespace, "agents"));
              return n;
            });
    operator.awaitPhase(submit(ActionRequests.scale("web", 5).build()), Phase.Succeeded);
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(5);
  }
}
