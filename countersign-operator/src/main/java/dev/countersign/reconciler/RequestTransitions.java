package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditLog;
import dev.countersign.audit.EventReason;
import dev.countersign.audit.EventRecorder;
import dev.countersign.metrics.RequestMetrics;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Moves a request from one phase to the next: writes the status (with optimistic locking, so a
 * stale copy can never overwrite a newer decision), then records the transition as Events on the
 * request and on its target, and as one audit log line. The Events of a decision (the move out of
 * Pending, or a denial) carry its reason codes.
 */
public class RequestTransitions {
  /** Condition type: the policy decision has been made. */
  public static final String DECIDED = "Decided";

  /** Condition type: the request may run (quorum met or no approval needed). */
  public static final String APPROVED = "Approved";

  /** Condition type: the change was made and its rollout finished. */
  public static final String EXECUTED = "Executed";

  private static final int CONDITION_MESSAGE = 256;
  private static final String SEE_MESSAGE = "… (see status.message)";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final RequestMetrics metrics;
  private final Clock clock;

  public RequestTransitions(
      KubernetesClient client, EventRecorder events, RequestMetrics metrics, Clock clock) {
    this.client = client;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Writes {@code status} as the request's new phase and records the transition. Throws a 409
   * KubernetesClientException when the request changed since it was read.
   */
  public ActionRequest transition(
      ActionRequest request, ActionRequestStatus status, EventReason reason) {
    Instant now = clock.instant();
    Long generation = request.getMetadata().getGeneration();
    ActionRequestStatus next =
        status
            .withConditions(conditions(status, reason, generation, now))
            .withObservedGeneration(generation);
    ActionRequest written = write(request, next);
    String message = next.message() == null ? next.phase().name() : next.message();
    boolean warning = isWarning(next.phase());
    List<String> codes = decides(request.phase(), next) ? next.decision().reasonCodes() : List.of();
    events.decision(written, warning, reason, message, codes);
    // The target's Events tell its owners what was asked of it for real; a dry run asks nothing
    // of it (and at an agent's pace would bury the workload's own Events), so it is recorded on
    // the request alone. An audit-mode evaluation is a real request and is recorded on both.
    if (written.getSpec() != null
        && written.getSpec().target() != null
        && !written.getSpec().dryRunOnly()) {
      events.decision(target(written), warning, reason, describe(written) + ": " + message, codes);
    }
    AuditLog.transition(written);
    metrics.transition(request.phase(), written);
    return written;
  }

  /** Writes a status that changes no phase (e.g. approvals seen so far), without Events. */
  public ActionRequest update(ActionRequest request, ActionRequestStatus status) {
    return write(request, status.withObservedGeneration(request.getMetadata().getGeneration()));
  }

  /** Records an Event on the request alone, e.g. for an Approval that did not count. */
  public void note(ActionRequest request, EventReason reason, String message) {
    events.warning(request, reason, message);
  }

  private ActionRequest write(ActionRequest request, ActionRequestStatus status) {
    ActionRequest copy = new ActionRequest();
    copy.setMetadata(request.getMetadata());
    copy.setSpec(request.getSpec());
    copy.setStatus(status);
    return client.resource(copy).updateStatus();
  }

  /** Whether the transition reports a decision: the move out of Pending, or a denial. */
  private static boolean decides(Phase from, ActionRequestStatus next) {
    return next.decision() != null && (from == Phase.Pending || next.phase() == Phase.Denied);
  }

  private static boolean isWarning(Phase phase) {
    return phase == Phase.Denied
        || phase == Phase.Rejected
        || phase == Phase.Expired
        || phase == Phase.Failed;
  }

  private static String describe(ActionRequest request) {
    if (request.getSpec() == null) {
      return "ActionRequest " + request.getMetadata().getName();
    }
    return "ActionRequest "
        + request.getMetadata().getName()
        + " by "
        + request.getSpec().requester()
        + " ("
        + request.getSpec().action()
        + ")";
  }

  /** A reference to the request's target workload, good enough to hang an Event on. */
  private static HasMetadata target(ActionRequest request) {
    var target = request.getSpec().target();
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("apps/v1")
        .withKind(target.kind())
        .withNewMetadata()
        .withNamespace(request.getMetadata().getNamespace())
        .withName(target.name())
        .endMetadata()
        .build();
  }

  /** The Decided, Approved and Executed conditions that go with the status' phase. */
  private static List<Condition> conditions(
      ActionRequestStatus status, EventReason reason, Long generation, Instant now) {
    String verdict = status.decision() == null ? "Denied" : status.decision().verdict().name();
    List<Condition> result =
        Conditions.set(
            status.conditions(),
            DECIDED,
            Conditions.TRUE,
            verdict,
            brief(firstReason(status)),
            generation,
            now);
    // null: the phase says nothing new about that condition, so it keeps its value.
    String[] approvedAndExecuted =
        switch (status.phase()) {
          case Denied, Evaluated, Rejected, Expired ->
              new String[] {Conditions.FALSE, Conditions.FALSE};
          case AwaitingApproval -> new String[] {Conditions.UNKNOWN, null};
          case Approved -> new String[] {Conditions.TRUE, null};
          case Executing -> new String[] {null, Conditions.UNKNOWN};
          case Succeeded -> new String[] {null, Conditions.TRUE};
          case Failed -> new String[] {null, Conditions.FALSE};
          case Pending -> new String[] {null, null};
        };
    String[] types = {APPROVED, EXECUTED};
    for (int i = 0; i < types.length; i++) {
      if (approvedAndExecuted[i] != null) {
        result =
            Conditions.set(
                result,
                types[i],
                approvedAndExecuted[i],
                reason.name(),
                brief(status.message()),
                generation,
                now);
      }
    }
    return result;
  }

  /**
   * A condition's message, at most {@value #CONDITION_MESSAGE} characters: the full text is the
   * status message (and the decision's reasons), and three conditions repeating it would triple the
   * size of every request in every cache and watch event.
   */
  static String brief(String message) {
    if (message == null || message.length() <= CONDITION_MESSAGE) {
      return message;
    }
    return message.substring(0, CONDITION_MESSAGE - SEE_MESSAGE.length()) + SEE_MESSAGE;
  }

  private static String firstReason(ActionRequestStatus status) {
    if (status.decision() == null || status.decision().reasons().isEmpty()) {
      return "";
    }
    return String.join("; ", status.decision().reasons());
  }
}
