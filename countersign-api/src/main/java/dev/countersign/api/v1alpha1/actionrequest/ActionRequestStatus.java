package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.countersign.api.v1alpha1.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What Countersign decided about a request, who approved it, and what it changed. */
@JsonClassDescription(
    "Written by Countersign only: where the request is (phase, conditions), the policy decision and why, every Approval seen, and what was changed.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ActionRequestStatus(
    @JsonPropertyDescription("Where the request is in its lifecycle.") Phase phase,
    @JsonPropertyDescription("One line for humans: what the request waits for, or how it ended.")
        String message,
    @JsonPropertyDescription(
            "Decided, Approved, Executed and Ready conditions, following the Kubernetes API"
                + " conventions.")
        @SchemaFrom(type = ConditionSchema[].class)
        List<Condition> conditions,
    @JsonPropertyDescription("The policy decision: verdict, matched policies and every reason.")
        Decision decision,
    @JsonPropertyDescription("Approvals given so far, e.g. 1/2.") String approvalSummary,
    @JsonPropertyDescription(
            "Every Approval seen for this request: who, when, what, and whether it counted.")
        List<ApprovalRecord> approvals,
    @JsonPropertyDescription(
            "What Countersign changed: recorded before the change is made, completed after.")
        ExecutionRecord execution,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @Size(max = ActionRequestStatus.MAX_NOTIFICATIONS)
        @JsonPropertyDescription(
            "Every notification about this request, one per (event, channel): delivered at"
                + " least once, with attempts, the last error and when it was sent.")
        List<NotificationRecord> notifications) {

  /** Most notifications one request records (events times channels). */
  public static final int MAX_NOTIFICATIONS = 64;

  public ActionRequestStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
  }

  /** A status without notifications. */
  public ActionRequestStatus(
      Phase phase,
      String message,
      List<Condition> conditions,
      Decision decision,
      String approvalSummary,
      List<ApprovalRecord> approvals,
      ExecutionRecord execution,
      Long observedGeneration) {
    this(
        phase,
        message,
        conditions,
        decision,
        approvalSummary,
        approvals,
        execution,
        observedGeneration,
        List.of());
  }

  public ActionRequestStatus withNotifications(List<NotificationRecord> newNotifications) {
    return new ActionRequestStatus(
        phase,
        message,
        conditions,
        decision,
        approvalSummary,
        approvals,
        execution,
        observedGeneration,
        newNotifications);
  }

  /** An empty status, as for a request nobody has looked at yet. */
  public static ActionRequestStatus empty() {
    return new ActionRequestStatus(
        Phase.Pending, null, List.of(), null, null, List.of(), null, null);
  }

  public ActionRequestStatus withPhase(Phase newPhase, String newMessage) {
    return new ActionRequestStatus(
        newPhase,
        newMessage,
        conditions,
        decision,
        approvalSummary,
        approvals,
        execution,
        observedGeneration,
        notifications);
  }

  public ActionRequestStatus withConditions(List<Condition> newConditions) {
    return new ActionRequestStatus(
        phase,
        message,
        newConditions,
        decision,
        approvalSummary,
        approvals,
        execution,
        observedGeneration,
        notifications);
  }

  public ActionRequestStatus withDecision(Decision newDecision) {
    return new ActionRequestStatus(
        phase,
        message,
        conditions,
        newDecision,
        approvalSummary,
        approvals,
        execution,
        observedGeneration,
        notifications);
  }

  public ActionRequestStatus withApprovals(String summary, List<ApprovalRecord> newApprovals) {
    return new ActionRequestStatus(
        phase,
        message,
        conditions,
        decision,
        summary,
        newApprovals,
        execution,
        observedGeneration,
        notifications);
  }

  public ActionRequestStatus withExecution(ExecutionRecord newExecution) {
    return new ActionRequestStatus(
        phase,
        message,
        conditions,
        decision,
        approvalSummary,
        approvals,
        newExecution,
        observedGeneration,
        notifications);
  }

  public ActionRequestStatus withObservedGeneration(Long generation) {
    return new ActionRequestStatus(
        phase,
        message,
        conditions,
        decision,
        approvalSummary,
        approvals,
        execution,
        generation,
        notifications);
  }
}
