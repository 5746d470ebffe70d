package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rejection, expiry, and Approvals that must not count. Nothing is executed in any of them. */
class ApprovalLifecycleTest extends LifecycleTestBase {
  private Deployment before;

  @BeforeEach
  void webNeedsAlice() {
    before = deployment("web", 3, "nginx:1.27");
  }

  @Test
  void aRejectFromAnAllowedApproverEndsTheRequest() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);

    approve(Approvals.reject(waiting, "alice", "not during the sale"));
    ActionRequest rejected = operator.awaitPhase(waiting, Phase.Rejected);

    assertThat(rejected.getStatus().message()).isEqualTo("rejected by alice: not during the sale");
    operator.awaitEventReasons(
        namespace, "ActionRequest", "scale-web-to-8", "AwaitingApproval", "Rejected");
    assertUnchanged();
  }

  @Test
  void aRequestNobodyApprovesExpires() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowScaleWithApproval(1, 10, "alice")
            .requestTtl("2s")
            .build());
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);

    ActionRequest expired = operator.awaitPhase(waiting, Phase.Expired);

    assertThat(expired.getStatus().message())
        .startsWith("expired at ")
        .endsWith("with 0/1 approvals");
    operator.awaitEventReasons(
        namespace, "ActionRequest", "scale-web-to-8", "AwaitingApproval", "Expired");
    assertUnchanged();
  }

  @Test
  void selfApprovalDoesNotCount() {
    policy(
        AgentPolicies.forNamespace(namespace)
            .allowScaleWithApproval(1, 10, "alice", ActionRequests.AGENT)
            .build());
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);

    approve(Approvals.approve(waiting, ActionRequests.AGENT));

    awaitIgnored(waiting, "the requester cannot approve its own request");
    assertThat(operator.awaitPhase(waiting, Phase.AwaitingApproval).getStatus().approvalSummary())
        .isEqualTo("0/1");
    assertUnchanged();
  }

  @Test
  void anApprovalForAnotherUidDoesNotCount() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
    ActionRequest stale = submit(ActionRequests.scale("web", 8).named("other").build());
    stale.getMetadata().setName(waiting.getMetadata().getName());
    stale.getMetadata().setUid("0000-replayed-uid");

    approve(Approvals.approve(stale, "alice"));

    awaitIgnored(waiting, "0000-replayed-uid");
    assertUnchanged();
  }

  @Test
  void anApproverThePolicyDoesNotNameDoesNotCount() {
    policy(AgentPolicies.forNamespace(namespace).allowScaleWithApproval(1, 10, "alice").build());
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);

    approve(Approvals.approve(waiting, "mallory"));

    awaitIgnored(waiting, "mallory is not an allowed approver");
    assertUnchanged();
  }

  @Test
  void aTerminalRequestNeverChangesAgain() {
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    ActionRequest denied =
        operator.awaitPhase(submit(ActionRequests.scale("web", 50).build()), Phase.Denied);

    Approval early = Approvals.approve(denied, "alice");
    approve(early);
    Approval late = Approvals.approve(denied, "bob");
    approve(late);

    // The operator has seen both Approvals once it has said, for each, that it came too late.
    for (Approval approval : List.of(early, late)) {
      awaitEvent(
          denied,
          "ApprovalIgnored",
          "Approval "
              + approval.getMetadata().getName()
              + " by "
              + approval.getSpec().approver()
              + " arrived after the request was Denied");
    }
    assertThat(operator.awaitPhase(denied, Phase.Denied).getStatus()).isEqualTo(denied.getStatus());
    assertUnchanged();
  }

  private void awaitIgnored(ActionRequest request, String why) {
    awaitEvent(request, "ApprovalIgnored", why);
    assertThat(operator.awaitPhase(request, Phase.AwaitingApproval).getStatus().approvals())
        .anySatisfy(a -> assertThat(a.counted()).isFalse());
  }

  private void awaitEvent(ActionRequest request, String reason, String message) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        operator.events(
                            namespace, "ActionRequest", request.getMetadata().getName()))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getMessage()).contains(message);
                        }));
  }

  private void assertUnchanged() {
    assertThat(liveDeployment("web").getSpec()).isEqualTo(before.getSpec());
  }
}
