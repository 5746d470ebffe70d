package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.TestConfig;
import dev.countersign.testkit.apiserver.Refusals;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 4, one test each, on a cluster as it is with the chart installed; every test
 * asserts that nothing executed. What only the API server can stop (a spoofed requester or
 * approver, a claimed group the caller does not hold, an edited spec, an oversized reason) it stops
 * with the chart's admission policy and the CRD schema; {@link ApprovalRechecksTest} shows the
 * operator stops those it can see too, on a cluster that let them through.
 */
class ApprovalAttackTest extends ApprovalTestBase {
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
  void approvalFromAnotherNamespaceExecutesNothing() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();
    String elsewhere = namespace + "-elsewhere";
    client.resource(TestWorkloads.namespace(elsewhere)).create();
    Approval approval = Approvals.approve(waiting, "alice");
    approval.getMetadata().setNamespace(elsewhere);

    api.giveAsApprover(approval);

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
  void theApiServerRefusesToChangeARequestsSpecOnceFiled() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();

    Refusals.assertRefused(
        this::changeSpecToTenReplicas,
        422,
        "ActionRequest.countersign.dev \"scale-web-to-8\" is invalid: spec: Invalid"
            + " value: \"object\": spec is immutable; create a new request");
    assertThat(live(REQUEST).getSpec()).isEqualTo(waiting.getSpec());
    assertNothingExecuted(waiting);
  }

  @Test
  void theApiServerRefusesAnOversizedApprovalReason() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting = awaitingApproval();

    Refusals.assertRefused(
        () -> approve(Approvals.of(waiting, "alice", ApprovalSpec.APPROVE, "x".repeat(5_000))),
        422,
        "Approval.countersign.dev \"scale-web-to-8-alice\" is invalid: [spec.reason:"
            + " Too long: may not be more than 1024 bytes, <nil>: Invalid value: null:"
            + " some validation rules were not checked because the object was invalid;"
            + " correct the existing errors to complete validation]");
    assertNothingExecuted(waiting);
  }
}
