package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.audit.EventReason;
import dev.countersign.metrics.RequestMetrics;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.ReasonCode;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Drives an ActionRequest through its lifecycle, one phase step after another, until it must wait
 * (for approvals, for its target, for a rollout) or reaches a terminal phase. Each step lives in
 * its own class; this one only routes. A terminal request is never touched again, except to add the
 * decision's annotations when an operator stopped before writing them.
 */
@ControllerConfiguration(name = ActionRequestReconciler.NAME)
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
  private final RequestTransitions transitions;
  private final RequestMetrics metrics;
  private final Clock clock;
  private InformerEventSource<Approval, ActionRequest> approvals;
  private InformerEventSource<AgentPolicy, ActionRequest> policies;
  private final PolicyIndexCache policyIndex = new PolicyIndexCache();

  public ActionRequestReconciler(
      DecisionStep decision,
      ApprovalStep approval,
      ExecutionStep execution,
      RequestTransitions transitions,
      RequestMetrics metrics,
      Clock clock) {
    this.metrics = metrics;
    this.decision = decision;
    this.approval = approval;
    this.execution = execution;
    this.transitions = transitions;
    this.clock = clock;
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
    policies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AgentPolicy.class, ActionRequest.class)
                .withName("policies")
                .withSecondaryToPrimaryMapper((AgentPolicy p) -> Set.of())
                .build(),
            context) {
          // Any change to a policy invalidates the index the decisions use.
          @Override
          public void onAdd(AgentPolicy policy) {
            super.onAdd(policy);
            policyIndex.invalidate();
          }

          @Override
          public void onUpdate(AgentPolicy before, AgentPolicy after) {
            super.onUpdate(before, after);
            policyIndex.invalidate();
          }

          @Override
          public void onDelete(AgentPolicy policy, boolean unknownFinalState) {
            super.onDelete(policy, unknownFinalState);
            policyIndex.invalidate();
          }
        };
    return List.of(approvals, policies);
  }

  @Override
  public UpdateControl<ActionRequest> reconcile(
      ActionRequest request, Context<ActionRequest> context) {
    metrics.observe(() -> context.getPrimaryCache().list());
    // Listed from the API server at most once per reconciliation, and only when a step needs it.
    Supplier<PolicyIndex> serverPolicies = once(() -> serverPolicies(context));
    try {
      ActionRequest current = decision.annotateIfMissing(request);
      for (int step = 0; step < MAX_STEPS_PER_RECONCILE; step++) {
        if (current.phase().isTerminal()) {
          return UpdateControl.noUpdate();
        }
        Optional<Duration> waitFor;
        // An unreadable status says nothing trustworthy about the phase: deny, never execute.
        Phase phase = current.unreadable().isPresent() ? Phase.Pending : current.phase();
        switch (phase) {
          case Pending -> {
            current = decideOrReject(current, context, serverPolicies);
            waitFor = Optional.empty();
          }
          case AwaitingApproval -> {
            var outcome = approval.check(current, approvalsFor(current));
            current = outcome.request();
            waitFor = outcome.waitFor();
          }
          case Approved -> {
            var outcome =
                execution.start(
                    current,
                    new KnownRequests(context.getPrimaryCache()),
                    policyIndex(),
                    serverPolicies);
            current = outcome.request();
            waitFor = outcome.waitFor();
          }
          case Executing -> {
            var outcome = execution.follow(current);
            current = outcome.request();
            waitFor = outcome.waitFor();
          }
          default -> throw new IllegalStateException("unhandled phase " + current.phase());
        }
        if (waitFor.isPresent()) {
          return UpdateControl.<ActionRequest>noUpdate()
              .rescheduleAfter(atLeast(waitFor.get(), Duration.ofMillis(100)));
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
   * A request without a spec, or whose spec or status could not be read (JSON of the wrong shape,
   * which the API server's schema would have refused), cannot be decided; it is denied with that
   * reason.
   */
  private ActionRequest decideOrReject(
      ActionRequest request, Context<ActionRequest> context, Supplier<PolicyIndex> serverPolicies) {
    if (request.getSpec() == null || request.unreadable().isPresent()) {
      String reason =
          request
              .unreadable()
              .map(problem -> "the request could not be read: " + problem)
              .orElse("the request has no spec");
      return transitions.transition(
          request,
          ActionRequestStatus.empty()
              .withDecision(ReasonCode.InvalidRequest.because(reason).denial(clock.instant()))
              .withPhase(Phase.Denied, reason),
          EventReason.Denied);
    }
    return decision.decide(
        request,
        policyIndex(),
        new KnownRequests(context.getPrimaryCache()).started(),
        serverPolicies);
  }

  private PolicyIndex policyIndex() {
    return policyIndex.get(() -> policies.list().toList());
  }

  /**
   * The policies as the API server lists them now, for a decision or an execution that must not
   * depend on whether the informer has seen every policy yet (see {@link DecisionStep#decide} and
   * {@link ExecutionStep#start}); the cached index is kept when nothing differs.
   */
  private PolicyIndex serverPolicies(Context<ActionRequest> context) {
    return PolicyIndexCache.confirmed(
        policyIndex(), context.getClient().resources(AgentPolicy.class).list().getItems());
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

  private static <T> Supplier<T> once(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }

  private static Duration atLeast(Duration value, Duration floor) {
    return value.compareTo(floor) < 0 ? floor : value;
  }

  private static String name(ActionRequest request) {
    return request.getMetadata().getNamespace() + "/" + request.getMetadata().getName();
  }
}
