package dev.countersign.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which notifications a request is owed, whatever the leader that owed them last did. */
class NotificationPlanTest {
  private static final AgentPolicy POLICY =
      Serialization.unmarshal(
          """
          {"apiVersion": "countersign.dev/v1alpha1", "kind": "AgentPolicy",
           "metadata": {"name": "restarts"},
           "spec": {"subjects": {"users": ["agent"]}, "targets": {"namespaces": ["shop"]},
                    "rules": [{"action": "restart", "effect": "Allow",
                               "approval": {"required": true, "minApprovals": 1,
                                            "approvers": {"users": ["alice"]},
                                            "notify": ["approvers"]}}]}}
          """,
          AgentPolicy.class);

  private static ActionRequest request(String phase) {
    return Serialization.unmarshal(
        """
        {"apiVersion": "countersign.dev/v1alpha1", "kind": "ActionRequest",
         "metadata": {"name": "restart-web", "namespace": "shop", "uid": "u-1"},
         "spec": {"requester": "agent", "action": "restart",
                  "target": {"kind": "Deployment", "name": "web"},
                  "reasoning": {"summary": "stuck pods"}},
         "status": {"phase": "%s",
                    "decision": {"verdict": "NeedsApproval", "reasons": ["needs alice"]}}}
        """
            .formatted(phase),
        ActionRequest.class);
  }

  @Test
  void theApprovalNoticeIsOwedWhileTheRequestWaits() {
    assertThat(NotificationPlan.unsettled(request("AwaitingApproval"), List.of(POLICY)))
        .extracting(o -> o.event() + "/" + o.channel())
        .containsExactly("AwaitingApproval/approvers");
  }

  @Test
  void aLeaderThatStoppedBeforeRecordingItLeavesItOwedAfterAQuickApproval() {
    assertThat(NotificationPlan.unsettled(request("Approved"), List.of(POLICY)))
        .as("approved before any leader recorded the notice: still owed, at least once")
        .extracting(o -> o.event() + "/" + o.channel())
        .containsExactly("AwaitingApproval/approvers");
    assertThat(NotificationPlan.unsettled(request("Executing"), List.of(POLICY)))
        .extracting(o -> o.event() + "/" + o.channel())
        .containsExactly("AwaitingApproval/approvers");
  }

  @Test
  void aRequestThatEndedIsNotToldThatItWaits() {
    assertThat(NotificationPlan.unsettled(request("Succeeded"), List.of(POLICY))).isEmpty();
  }
}
