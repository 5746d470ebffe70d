package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

/** A Deployment web at three replicas, and what the approval attack tests check with. */
abstract class ApprovalTestBase extends LifecycleTestBase {
  static final String REQUEST = "scale-web-to-8";

  Deployment before;

  @BeforeEach
  void webAtThreeReplicas() {
    before = deployment("web", 3, "nginx:1.27");
  }

  ActionRequest awaitingApproval() {
    return operator.awaitPhase(
        submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
  }

  /** Edits the waiting request to ask for 10 replicas instead of the 8 an approver saw. */
  ActionRequest changeSpecToTenReplicas() {
    return client
        .resources(ActionRequest.class)
        .inNamespace(namespace)
        .withName(REQUEST)
        .edit(
            r -> {
              r.setSpec(ActionRequests.scale("web", 10).build().getSpec());
              return r;
            });
  }

  ActionRequest live(String name) {
    return client.resources(ActionRequest.class).inNamespace(namespace).withName(name).get();
  }

  void replacePolicy(AgentPolicy policy) {
    AgentPolicy live = client.resource(policy).get();
    policy.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
    client.resource(policy).update();
  }

  static AgentPolicy withSubjectGroup(AgentPolicy policy, String group) {
    AgentPolicySpec spec = policy.getSpec();
    Subjects subjects = spec.subjects();
    policy.setSpec(
        new AgentPolicySpec(
            new Subjects(subjects.serviceAccounts(), subjects.users(), List.of(group)),
            spec.targets(),
            spec.rules(),
            spec.requestTTL()));
    return policy;
  }

  void awaitIgnored(String request, String why) {
    awaitEvent(request, "ApprovalIgnored", why);
    assertThat(live(request).getStatus().approvals())
        .anySatisfy(
            a -> {
              assertThat(a.counted()).isFalse();
              assertThat(a.reason()).contains(why);
            });
  }

  void awaitEvent(String request, String reason, String message) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(operator.events(namespace, "ActionRequest", request))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getMessage()).contains(message);
                        }));
  }

  /** The workload is untouched and the request never reached a phase that executes. */
  /**
   * A request needing two of alice and bob: alice approves, the policy becomes {@code replacement},
   * bob approves (meeting the quorum it was decided under); returns it once the re-check before
   * execution has denied it.
   */
  ActionRequest approvedByAliceAndBobAcrossAPolicyChange(AgentPolicy replacement) {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowWithQuorum("scale", 2, null, "alice", "bob")
            .build());
    ActionRequest waiting = awaitingApproval();
    approve(Approvals.approve(waiting, "alice"));
    Awaitility.await()
        .untilAsserted(
            () -> assertThat(live(REQUEST).getStatus().approvalSummary()).isEqualTo("1/2"));
    replacePolicy(replacement);

    approve(Approvals.approve(waiting, "bob"));

    return operator.awaitPhase(waiting, Phase.Denied);
  }

  void assertNothingExecuted(ActionRequest request) {
    ActionRequest now = live(request.getMetadata().getName());
    assertThat(now.phase()).isNotIn(Phase.Approved, Phase.Executing, Phase.Succeeded);
    assertThat(operator.eventReasons(namespace, "ActionRequest", request.getMetadata().getName()))
        .doesNotContain("Approved");
    assertNothingRan(now);
  }

  /** Whatever was approved, nothing started: no execution record, Event or workload change. */
  void assertNothingRan(ActionRequest request) {
    assertThat(request.getStatus().execution()).isNull();
    assertThat(operator.eventReasons(namespace, "ActionRequest", request.getMetadata().getName()))
        .doesNotContain("Executing", "Succeeded");
    assertThat(liveDeployment("web").getSpec()).isEqualTo(before.getSpec());
  }
}
