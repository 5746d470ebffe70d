package dev.countersign.admission;

import static dev.countersign.admission.Admission.AGENT;
import static dev.countersign.admission.Admission.actionRequest;
import static dev.countersign.admission.Admission.annotated;
import static dev.countersign.admission.Admission.approval;
import static dev.countersign.admission.Admission.request;
import static dev.countersign.admission.Admission.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testkit.chart.RenderedChart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's ValidatingAdmissionPolicy, evaluated with a real CEL engine on allowed and denied
 * admission inputs. These are the attacks of issue 4 that only the API server can stop: it alone
 * knows who is calling.
 */
class AdmissionPolicyTest {
  private static final AdmissionPolicy POLICY = AdmissionPolicy.fromChart();
  private static final List<String> SRE = List.of("sre", "system:authenticated");

  @Test
  void everyExpressionCompiles() {
    assertThat(POLICY.expressions())
        .hasSize(13)
        .allSatisfy(e -> assertThat(AdmissionPolicy.compile(e)).isNotNull());
  }

  @Test
  void thePolicyGuardsCreatesAndUpdatesOfRequestsAndApprovalsButNotTheirStatus() {
    assertThat(RenderedChart.json(POLICY.matchConstraints()))
        .contains("\"operations\":[\"CREATE\",\"UPDATE\"]")
        .contains("\"resources\":[\"actionrequests\",\"approvals\"]");
  }

  @Test
  void anAgentMayFileARequestInItsOwnName() {
    assertThat(
            POLICY.admit(
                actionRequest(AGENT, null), null, request("CREATE", "actionrequests", AGENT, null)))
        .isEmpty();
  }

  @Test
  void spoofedRequesterIsDenied() {
    assertThat(
            POLICY.admit(
                actionRequest("system:serviceaccount:shop:trusted-agent", null),
                null,
                request("CREATE", "actionrequests", AGENT, List.of("system:serviceaccounts"))))
        .contains(
            "spec.requester must be the identity that creates the ActionRequest (" + AGENT + ")");
  }

  @Test
  void aRequesterMayClaimGroupsItHolds() {
    assertThat(
            POLICY.admit(
                actionRequest(AGENT, List.of("system:serviceaccounts:shop")),
                null,
                request(
                    "CREATE",
                    "actionrequests",
                    AGENT,
                    List.of("system:serviceaccounts", "system:serviceaccounts:shop"))))
        .isEmpty();
  }

  @Test
  void requesterClaimingAGroupItDoesNotHoldIsDenied() {
    assertThat(
            POLICY.admit(
                actionRequest(AGENT, List.of("trusted-agents")),
                null,
                request("CREATE", "actionrequests", AGENT, List.of("system:serviceaccounts"))))
        .contains("every group in spec.requesterGroups must be one of the creating user's groups");
  }

  @Test
  void anApproverMayApproveInTheirOwnNameWithGroupsTheyHold() {
    assertThat(
            POLICY.admit(
                approval("alice", List.of("sre")),
                null,
                request("CREATE", "approvals", "alice", SRE)))
        .isEmpty();
  }

  @Test
  void spoofedApproverIsDenied() {
    assertThat(
            POLICY.admit(
                approval("alice", List.of()), null, request("CREATE", "approvals", "mallory", SRE)))
        .contains("spec.approver must be the identity that creates the Approval (mallory)");
  }

  @Test
  void agentSigningAsAHumanApproverIsDenied() {
    assertThat(
            POLICY.admit(
                approval("alice", null),
                null,
                request("CREATE", "approvals", AGENT, List.of("system:serviceaccounts"))))
        .contains("spec.approver must be the identity that creates the Approval (" + AGENT + ")");
  }

  @Test
  void approverClaimingAGroupTheyDoNotHoldIsDenied() {
    assertThat(
            POLICY.admit(
                approval("bob", List.of("sre")),
                null,
                request("CREATE", "approvals", "bob", List.of("developers"))))
        .contains("every group in spec.groups must be one of the approver's groups");
  }

  @Test
  void callerWithNoGroupsClaimingOneIsDenied() {
    assertThat(
            POLICY.admit(
                approval("bob", List.of("sre")), null, request("CREATE", "approvals", "bob", null)))
        .contains("every group in spec.groups must be one of the approver's groups");
  }

  @Test
  void oversizedReasoningEvidenceIsDenied() {
    Map<String, Object> filed =
        withSpec(
            actionRequest(AGENT, null),
            "reasoning",
            Map.of("summary", "p95 over SLO", "evidence", List.of("x".repeat(1025))));

    assertThat(POLICY.admit(filed, null, request("CREATE", "actionrequests", AGENT, null)))
        .contains(
            "each spec.reasoning.evidence and spec.reasoning.alternatives entry may be at most 1024"
                + " characters");
  }

  @Test
  void changingARequestsSpecIsDenied() {
    Map<String, Object> filed = actionRequest(AGENT, null);

    assertThat(
            POLICY.admit(
                withSpec(filed, "scale", Map.of("replicas", 50L)),
                filed,
                request("UPDATE", "actionrequests", AGENT, null)))
        .contains("the spec of an ActionRequest or Approval cannot be changed after creation");
  }

  @Test
  void changingAnApprovalsSpecIsDeniedEvenToTheApprover() {
    Map<String, Object> given = approval("alice", null);

    assertThat(
            POLICY.admit(
                withSpec(given, "request", Map.of("name", "other", "uid", "77aa")),
                given,
                request("UPDATE", "approvals", "alice", SRE)))
        .contains("the spec of an ActionRequest or Approval cannot be changed after creation");
  }

  @Test
  void theOperatorMayStillAnnotateARequest() {
    Map<String, Object> filed = actionRequest(AGENT, null);

    assertThat(
            POLICY.admit(
                annotated(filed),
                filed,
                request(
                    "UPDATE",
                    "actionrequests",
                    "system:serviceaccount:countersign-system:countersign",
                    List.of("system:serviceaccounts"))))
        .isEmpty();
  }
}
