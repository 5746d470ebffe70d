package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.kube.LeanRequestStore;
import dev.countersign.metrics.RequestMetrics;
import dev.countersign.notification.Deliveries;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drives an ActionRequest along its path (watch → decide → approve → execute → record), one step
 * after another, until it must wait (for approvals, for its target, for a rollout) or reaches a
 * terminal phase. Each step lives in its own class ({@link DecisionStep}, {@link ApprovalStep},
 * {@link ExecutionStep}, each recording through {@link RequestTransitions}) and answers with a
 * {@link StepOutcome}; this one only routes. A terminal request is never touched again, except to
 * add the decision's annotations when an operator stopped before writing them.
 *
 * <p>Built by {@link OperatorAssembly}, never by CDI itself ({@code @Vetoed}).
 */
@Vetoed
@ControllerConfiguration(
    name = ActionRequestReconciler.NAME,
    informer = @Informer(itemStore = LeanRequestStore.class))
public class ActionRequestReconciler implements Reconciler<ActionRequest> {
  public static final String NAME = "actionrequest";

  private static final Logger LOG = Logger.getLogger(ActionRequestReconciler.class);
  private static final int MAX_STEPS_PER_RECONCILE = 6;
  private static final Duration RETRY_AFTER_CONFLICT = Duration.ofMillis(500);

  /**
   * When JOSDK's retries (with exponential backoff) are used up, e.g. during a long API server
   * outage, the request is looked at again after this long, and the retries start over. Without it
   * a request would wait for its next change event, which an Executing request never gets.
   */
  static final Duration RETRY_AFTER_RETRIES_EXHAUSTED = Duration.ofSeconds(10);

  private final DecisionStep decision;
  private final ApprovalStep approval;
  private final ExecutionStep execution;
  private final GoverningPolicies policies;
  private final RequestMetrics metrics;
  private final TerminalRetention retention;
  private final Deliveries notifications;
  private InformerEventSource<Approval, ActionRequest> approvals;

  ActionRequestReconciler(
      DecisionStep decision,
      ApprovalStep approval,
      ExecutionStep execution,
      GoverningPolicies policies,
      RequestMetrics metrics,
      TerminalRetention retention,
      Deliveries notifications) {
    this.decision = decision;
    this.approval = approval;
    this.execution = execution;
    this.policies = policies;
    this.metrics = metrics;
    this.retention = retention;
    this.notifications = notifications;
  }

  @Override
  public List<EventSource<?, ActionRequest>> prepareEventSources(
      EventSourceContext<ActionRequest> context) {
    KnownRequests.index(context.getPrimaryCache());
    approvals =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Approval.class, ActionRequest.class)
                .withName("approvals")
                .withSecondaryToPrimaryMapper(
                    (Approval a) ->
                        a.getSpec() == null || a.getSpec().request() == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    a.getSpec().request().name(), a.getMetadata().getNamespace())))
                .build(),
            context);
    return List.of(approvals, policies.eventSource(context));
  }

  @Override
  public UpdateControl<ActionRequest> reconcile(
      ActionRequest request, Context<ActionRequest> context) {
    metrics.observe(() -> context.getPrimaryCache().list());
    KnownRequests known = new KnownRequests(context.getPrimaryCache());
    // The API server's list of policies is asked at most once, and only when a step needs it.
    GoverningPolicies.Reading read = policies.reading();
    try {
      ActionRequest current = execution.labelIfStarted(decision.annotateIfMissing(request));
      for (int step = 0; step < MAX_STEPS_PER_RECONCILE; step++) {
        offerNotifications(current);
        if (current.phase().isTerminal()) {
          // Never changed again; deleted once countersign.prune-terminal-after has passed.
          return retention
              .apply(current, read.cached())
              .map(left -> UpdateControl.<ActionRequest>noUpdate().rescheduleAfter(left))
              .orElseGet(UpdateControl::noUpdate);
        }
        // An unreadable status says nothing trustworthy about the phase: deny, never execute.
        Phase phase = current.unreadable().isPresent() ? Phase.Pending : current.phase();
        StepOutcome outcome =
            switch (phase) {
              case Pending -> decision.decide(current, known.started(), read);
              case AwaitingApproval -> approval.check(current, approvalsFor(current));
              case Approved -> execution.start(current, known, read);
              case Executing -> execution.follow(current);
              default -> throw new IllegalStateException("unhandled phase " + current.phase());
            };
        current = outcome.request();
        if (outcome.waitFor().isPresent()) {
          offerNotifications(current);
          return UpdateControl.<ActionRequest>noUpdate()
              .rescheduleAfter(atLeast(outcome.waitFor().get(), Duration.ofMillis(100)));
        }
      }
      return UpdateControl.<ActionRequest>noUpdate().rescheduleAfter(RETRY_AFTER_CONFLICT);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.debugf("%s changed while reconciling; retrying", name(request));
        return UpdateControl.<ActionRequest>noUpdate().rescheduleAfter(RETRY_AFTER_CONFLICT);
      }
      throw e;
    }
  }

  /**
   * A reconciliation failed (the API server answered an error, or could not be reached). Until
   * JOSDK's retries are used up it retries with backoff; then the request is rescheduled rather
   * than left until its next event. Nothing about the failure is written to the request: its status
   * keeps saying where it stands, and the next attempt carries on from there.
   */
  @Override
  public ErrorStatusUpdateControl<ActionRequest> updateErrorStatus(
      ActionRequest request, Context<ActionRequest> context, Exception e) {
    boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
    if (!lastAttempt) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    LOG.warnf(
        "%s: reconciliation keeps failing (%s); trying again in %s",
        name(request), summary(e), RETRY_AFTER_RETRIES_EXHAUSTED);
    return ErrorStatusUpdateControl.<ActionRequest>noStatusUpdate()
        .withNoRetry()
        .rescheduleAfter(RETRY_AFTER_RETRIES_EXHAUSTED);
  }

  /** One line: the HTTP code of an API error, or the exception's type. */
  private static String summary(Exception e) {
    return e instanceof KubernetesClientException k
        ? "HTTP " + k.getCode() + " from the API server"
        : e.getClass().getSimpleName();
  }

  /**
   * Hands the notifications the request is owed now to their own threads: this only queues them, so
   * delivery never holds up a decision or an execution.
   */
  private void offerNotifications(ActionRequest request) {
    if (request.getStatus() != null && request.getStatus().decision() != null) {
      notifications.offer(request, policies.governing(request.getStatus().decision()));
    }
  }

  private List<Approval> approvalsFor(ActionRequest request) {
    String name = request.getMetadata().getName();
    return approvals
        .list(
            request.getMetadata().getNamespace(),
            a ->
                a.getSpec() != null
                    && a.getSpec().request() != null
                    && name.equals(a.getSpec().request().name()))
        .toList();
  }

  private static Duration atLeast(Duration value, Duration floor) {
    return value.compareTo(floor) < 0 ? floor : value;
  }

  private static String name(ActionRequest request) {
    return request.getMetadata().getNamespace() + "/" + request.getMetadata().getName();
  }
}
