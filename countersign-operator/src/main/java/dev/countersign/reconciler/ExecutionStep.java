package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.Annotator;
import dev.countersign.audit.EventReason;
import dev.countersign.config.CountersignConfig;
import dev.countersign.execution.ActionExecutor;
import dev.countersign.execution.ActionExecutors;
import dev.countersign.execution.ExecutionRefused;
import dev.countersign.execution.RolloutState;
import dev.countersign.execution.RolloutTracker;
import dev.countersign.execution.Workloads;
import dev.countersign.policy.PastAction;
import dev.countersign.workload.Workload;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Approved → Executing → Succeeded | Failed. Just before execution the {@link ExecutionGate}
 * decides the request again (it may end Denied, wait for a change freeze, or Expire). The intent
 * (what will change, the revision chosen, the restart stamp) is written to status before the
 * workload is touched; afterwards the live workload is compared with the intent, so a change is
 * never applied twice.
 */
public class ExecutionStep {
  private final Workloads workloads;
  private final ActionExecutors executors;
  private final RolloutTracker rollouts;
  private final RequestTransitions transitions;
  private final Annotator annotator;
  private final TargetLocks locks;
  private final ExecutionGate gate;
  private final CountersignConfig config;
  private final Clock clock;

  ExecutionStep(
      Workloads workloads,
      ActionExecutors executors,
      RolloutTracker rollouts,
      RequestTransitions transitions,
      Annotator annotator,
      TargetLocks locks,
      ExecutionGate gate,
      CountersignConfig config,
      Clock clock) {
    this.workloads = workloads;
    this.executors = executors;
    this.rollouts = rollouts;
    this.transitions = transitions;
    this.annotator = annotator;
    this.locks = locks;
    this.gate = gate;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Approved: claim the target, check the request again against the policies and the cluster as
   * they are now, record the intent, then apply it. {@code known} are the ActionRequests in the
   * cache. The policies are the API server's own list: the informer may not have seen a policy
   * created just before (a Deny, or the Allow the request was decided under), and neither what is
   * executed nor a final denial may depend on that race.
   */
  public StepOutcome start(
      ActionRequest request, KnownRequests known, GoverningPolicies.Reading policies) {
    Optional<String> holder = locks.claim(request, known.onTarget(request));
    if (holder.isPresent()) {
      String waiting = "waiting for " + holder.get() + " to finish executing on the same target";
      ActionRequestStatus status = request.getStatus();
      if (!waiting.equals(status.message())) {
        transitions.note(request, EventReason.WaitingForTarget, waiting);
        request = transitions.update(request, status.withPhase(Phase.Approved, waiting));
      }
      return StepOutcome.waits(request, config.pollInterval());
    }
    // The API server's list, not the informer's alone: a request about to run must not miss a
    // Deny, and a Deny here is final, so it must not rest on a policy the informer has not seen
    // yet (the request may have been allowed on the server's list a moment ago).
    ExecutionGate.GateResult gateResult =
        gate.check(request, known.started(), policies.confirmed());
    switch (gateResult) {
      case ExecutionGate.Stop stop -> {
        locks.release(request);
        return stop.outcome();
      }
      case ExecutionGate.Proceed proceed -> request = proceed.request();
    }
    Instant now = clock.instant();
    Optional<Workload> target = find(request);
    if (target.isEmpty()) {
      return failed(request, targetGone(request), now);
    }
    ExecutionRecord intent;
    try {
      ActionExecutor executor = executors.forAction(request.getSpec().action());
      intent = executor.plan(target.get(), request.getSpec(), now, config.rolloutTimeout());
    } catch (ExecutionRefused e) {
      return failed(request, e.getMessage(), now);
    }
    // Labelled before the status says it started: a reader that lists started requests by the
    // label then misses none (a crash in between leaves a label on a request that did not start,
    // which such a reader skips). The label is written only if nothing changed the request since
    // the gate read it (409 otherwise, and the gate runs again), so the status the gate produced
    // is still the one to write, now on the labelled request's resourceVersion.
    ActionRequest labelled = annotator.labelStarted(request);
    labelled.setStatus(request.getStatus());
    request = labelled;
    ActionRequest executing =
        transitions.transition(
            request,
            request.getStatus().withExecution(intent).withPhase(Phase.Executing, describe(intent)),
            EventReason.Executing);
    return follow(executing);
  }

  /**
   * A request that started executing without {@link ActionRequest#STARTED_LABEL} (decided by an
   * operator from before the label) gets it now; any other request is returned as it is. The
   * started requests are the ones budgets and cooldowns count ({@link PastAction#of}).
   */
  public ActionRequest labelIfStarted(ActionRequest request) {
    if (Annotator.labelledStarted(request) || PastAction.of(request).isEmpty()) {
      return request;
    }
    return annotator.labelStarted(request);
  }

  /**
   * Executing: make sure the intent is applied, then watch the rollout until it ends. The target's
   * audit annotations are written just before the change, here rather than in {@link #start}, so
   * that an operator that stopped between recording the intent and applying it still leaves them.
   */
  public StepOutcome follow(ActionRequest request) {
    Instant now = clock.instant();
    ExecutionRecord intent = request.getStatus().execution();
    Optional<Workload> target = find(request);
    if (target.isEmpty()) {
      return failed(request, targetGone(request), now);
    }
    ActionExecutor executor = executors.forAction(request.getSpec().action());
    if (!executor.isApplied(target.get(), intent)) {
      annotator.annotateTarget(
          target.get().resource(),
          request,
          request.getStatus().approvals().stream()
              .filter(ApprovalRecord::counted)
              .map(ApprovalRecord::approver)
              .toList(),
          intent.startedAt());
      // Read again: a change is made against the workload as it is now, annotations included.
      target = find(request);
      if (target.isEmpty()) {
        return failed(request, targetGone(request), now);
      }
      executor.apply(target.get(), intent);
      target = find(request);
      if (target.isEmpty()) {
        return failed(request, targetGone(request), now);
      }
    }
    RolloutState state = rollouts.check(target.get());
    return switch (state) {
      case RolloutState.Complete complete ->
          finished(request, Phase.Succeeded, complete.message(), now);
      case RolloutState.Failed failure -> failed(request, failure.reason(), now);
      case RolloutState.InProgress progress -> {
        if (intent.rolloutDeadline() != null
            && now.isAfter(Instant.parse(intent.rolloutDeadline()))) {
          yield failed(
              request,
              "the rollout did not finish within "
                  + config.rolloutTimeout()
                  + ": "
                  + progress.message(),
              now);
        }
        yield StepOutcome.waits(request, config.pollInterval());
      }
    };
  }

  private StepOutcome failed(ActionRequest request, String reason, Instant now) {
    return finished(request, Phase.Failed, reason, now);
  }

  private StepOutcome finished(ActionRequest request, Phase phase, String message, Instant now) {
    ActionRequestStatus status = request.getStatus();
    ExecutionRecord execution =
        status.execution() == null
            ? new ExecutionRecord(null, now.toString(), null, null, null, null, message)
            : status.execution().finished(now.toString(), message);
    ActionRequest done =
        transitions.transition(
            request,
            status.withExecution(execution).withPhase(phase, message),
            phase == Phase.Succeeded ? EventReason.Succeeded : EventReason.Failed);
    locks.release(done);
    return StepOutcome.moved(done);
  }

  private Optional<Workload> find(ActionRequest request) {
    var target = request.getSpec().target();
    return workloads.find(request.getMetadata().getNamespace(), target.kind(), target.name());
  }

  private static String targetGone(ActionRequest request) {
    var target = request.getSpec().target();
    return target.kind()
        + " "
        + target.name()
        + " no longer exists in namespace "
        + request.getMetadata().getNamespace();
  }

  private static String describe(ExecutionRecord intent) {
    StringBuilder text = new StringBuilder("changing ");
    intent
        .changes()
        .forEach(
            c ->
                text.append(c.field())
                    .append(' ')
                    .append(c.from())
                    .append(" → ")
                    .append(c.to())
                    .append("; "));
    return text.toString().replaceAll("; $", "");
  }
}
