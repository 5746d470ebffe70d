package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.TestConfig;
import dev.countersign.quorum.SpecHash;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 4 that the operator stops, one test each; every test asserts that nothing
 * executed. Those only admission can stop (a spoofed requester or approver, a claimed group the
 * caller does not hold, editing a spec, an oversized reasoning) are tested on the chart's
 * ValidatingAdmissionPolicy and the CRD schema in {@code dev.countersign.admission}.
 */
class ApprovalAttackTest extends LifecycleTestBase {
  private static final String REQUEST = "scale-web-to-8";

  private Deployment before;

  @BeforeEach
  void webAtThreeReplicas() {
    before = deployment("web", 3, "nginx:1.27");
  }

  @Test
  void selfApprovalExecutesNothing() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowScaleWithApproval(1, 10, "alice", ActionRequests.AGENT)
            .build());
    ActionRequest waiting = awaitingApproval();

    approve(Approvals.approve(waiting, ActionRequests.AGENT));

    awaitIgnored(REQUEST, "the requester cannot approve its own request");
    assertNothingExecuted(waiting);
  }

  @Test
  void approvalOfAChangedSpecExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();
    String shownHash = SpecHash.of(waiting.getSpec());
    // Admission forbids this edit; the mock server does not, so the operator must catch it.
    ActionRequest changed =
        client
            .resources(ActionRequest.class)
            .inNamespace(namespace)
            .withName(REQUEST)
            .edit(
                r -> {
                  r.setSpec(ActionRequests.scale("web", 10).build().getSpec());
                  return r;
                });

    approve(Approvals.of(waiting, "alice", ApprovalSpec.APPROVE, "8 is fine"));

    awaitIgnored(
        REQUEST,
        "was given for a different spec (hash "
            + shownHash
            + "; the request's spec hashes to "
            + SpecHash.of(changed.getSpec())
            + ")");
    assertNothingExecuted(waiting);
  }

  @Test
  void approvalReplayedOnANewRequestOfTheSameNameExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest first = awaitingApproval();
    Approval forFirst = Approvals.approve(first, "alice");
    client.resource(first).delete();
    Awaitility.await().until(() -> live(REQUEST) == null);
    ActionRequest second = awaitingApproval();

    approve(forFirst);

    awaitIgnored(
        REQUEST,
        "names uid "
            + first.getMetadata().getUid()
            + " but the request's uid is "
            + second.getMetadata().getUid());
    assertNothingExecuted(second);
  }

  @Test
  void approvalFromAnotherNamespaceExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();
    String elsewhere = namespace + "-elsewhere";
    client.resource(TestWorkloads.namespace(elsewhere)).create();
    Approval approval = Approvals.approve(waiting, "alice");
    approval.getMetadata().setNamespace(elsewhere);

    client.resource(approval).create();

    awaitEvent(
        REQUEST,
        "ApprovalIgnored",
        "is in namespace "
            + elsewhere
            + ", not "
            + namespace
            + "; an Approval only counts in"
            + " its request's namespace");
    operator.awaitEventReasons(
        elsewhere, "Approval", approval.getMetadata().getName(), "ApprovalOrphaned");
    assertNothingExecuted(waiting);
  }

  @Test
  void expiredApprovalExecutesNothing() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowWithQuorum("scale", 2, "1s", "alice", "bob")
            .build());
    ActionRequest waiting = awaitingApproval();
    approve(Approvals.approve(waiting, "alice"));
    awaitIgnored(REQUEST, "the policy lets an approval count for PT1S after it is given");

    approve(Approvals.approve(waiting, "bob"));

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(live(REQUEST).getStatus().approvals())
                    .anySatisfy(a -> assertThat(a.approver()).isEqualTo("bob")));
    assertThat(live(REQUEST).getStatus().approvalSummary()).isIn("0/2", "1/2");
    assertNothingExecuted(waiting);
  }

  @Test
  void operatorServiceAccountApprovingExecutesNothing() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowScaleWithApproval(1, 10, TestConfig.OPERATOR)
            .build());
    ActionRequest waiting = awaitingApproval();

    approve(Approvals.approve(waiting, TestConfig.OPERATOR));

    awaitIgnored(REQUEST, "is Countersign's own service account, which never approves or rejects");
    assertNothingExecuted(waiting);
  }

  @Test
  void serviceAccountThePolicyGovernsApprovingExecutesNothing() {
    String helper = "system:serviceaccount:agents:helper";
    policy(
        withSubjectGroup(
            AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, helper).build(),
            "system:serviceaccounts:agents"));
    ActionRequest waiting = awaitingApproval();

    approve(Approvals.approve(waiting, helper));

    awaitIgnored(REQUEST, helper + " is a subject of AgentPolicy agents-in-" + namespace);
    assertNothingExecuted(waiting);
  }

  @Test
  void approvalAfterATerminalPhaseExecutesNothing() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowScaleWithApproval(1, 10, "alice")
            .requestTtl("1s")
            .build());
    ActionRequest expired = operator.awaitPhase(awaitingApproval(), Phase.Expired);

    approve(Approvals.approve(expired, "alice"));

    awaitEvent(
        REQUEST,
        "ApprovalIgnored",
        "Approval " + REQUEST + "-alice by alice arrived after the request was Expired");
    assertThat(live(REQUEST).getStatus()).isEqualTo(expired.getStatus());
    assertNothingExecuted(expired);
  }

  @Test
  void policyMadeStricterAfterApprovalExecutesNothing() {
    ActionRequest denied =
        approvedByAliceAndBobAcrossAPolicyChange(
            AgentPolicies.forNamespace(namespace)
                .allowWithQuorum("scale", 3, null, "alice", "bob", "carol")
                .build());

    assertThat(denied.getStatus().message())
        .startsWith(
            "policy changed since the decision (agents-in-" + namespace + " generation 1 → 2): ")
        .endsWith("it now needs 3 approval(s) and has 2");
    assertThat(denied.getStatus().decision().reasonCodes()).containsExactly("NotEnoughApprovals");
    // The quorum of the policy it was decided under was met (an Approved Event), but the re-check
    // before execution stopped it: nothing ran.
    assertNothingRan(denied);
  }

  @Test
  void anApproverTakenOffThePolicyAfterApprovingNoLongerCounts() {
    ActionRequest denied =
        approvedByAliceAndBobAcrossAPolicyChange(
            AgentPolicies.forNamespace(namespace)
                .allowWithQuorum("scale", 2, null, "bob", "carol")
                .build());

    assertThat(denied.getStatus().message())
        .startsWith(
            "policy changed since the decision (agents-in-" + namespace + " generation 1 → 2): ")
        .endsWith(
            "it now needs 2 approval(s) and has 1 (alice is not an allowed approver: needs one of"
                + " users [bob, carol])");
    assertNothingRan(denied);
  }

  @Test
  void anApproverWhoQualifiesByGroupStillCountsAfterAnUnrelatedPolicyChange() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowWithGroupQuorum("scale", 1, List.of("sre"), "bob")
            .build());
    ActionRequest waiting = awaitingApproval();
    replacePolicy(
        AgentPolicies.forNamespace(namespace)
            .allowWithGroupQuorum("scale", 1, List.of("sre"), "bob", "carol")
            .build());

    approve(Approvals.approveAsMemberOf(waiting, "alice", "sre"));

    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);
    assertThat(done.getStatus().approvals())
        .singleElement()
        .satisfies(r -> assertThat(r.claimedGroups()).containsExactly("sre"));
  }

  @Test
  void oversizedApprovalReasonExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();

    approve(Approvals.of(waiting, "alice", ApprovalSpec.APPROVE, "x".repeat(5_000)));

    awaitIgnored(REQUEST, "its reason is 5000 characters long; at most 1024 are allowed");
    assertNothingExecuted(waiting);
  }

  private ActionRequest awaitingApproval() {
    return operator.awaitPhase(
        submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
  }

  private ActionRequest live(String name) {
    return client.resources(ActionRequest.class).inNamespace(namespace).withName(name).get();
  }

  private void replacePolicy(AgentPolicy policy) {
    AgentPolicy live = client.resource(policy).get();
    policy.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
    client.resource(policy).update();
  }

  private static AgentPolicy withSubjectGroup(AgentPolicy policy, String group) {
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

  private void awaitIgnored(String request, String why) {
    awaitEvent(request, "ApprovalIgnored", why);
    assertThat(live(request).getStatus().approvals())
        .anySatisfy(
            a -> {
              assertThat(a.counted()).isFalse();
              assertThat(a.reason()).contains(why);
            });
  }

  private void awaitEvent(String request, String reason, String message) {
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
  private ActionRequest approvedByAliceAndBobAcrossAPolicyChange(AgentPolicy replacement) {
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

  private void assertNothingExecuted(ActionRequest request) {
    ActionRequest now = live(request.getMetadata().getName());
    assertThat(now.phase()).isNotIn(Phase.Approved, Phase.Executing, Phase.Succeeded);
    assertThat(operator.eventReasons(namespace, "ActionRequest", request.getMetadata().getName()))
        .doesNotContain("Approved");
    assertNothingRan(now);
  }

  /** Whatever was approved, nothing started: no execution record, Event or workload change. */
  private void assertNothingRan(ActionRequest request) {
    assertThat(request.getStatus().execution()).isNull();
    assertThat(operator.eventReasons(namespace, "ActionRequest", request.getMetadata().getName()))
        .doesNotContain("Executing", "Succeeded");
    assertThat(liveDeployment("web").getSpec()).isEqualTo(before.getSpec());
  }
}
