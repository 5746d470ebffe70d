package dev.countersign.metrics;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.policy.ReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Countersign's own metrics, in Prometheus format at {@code /q/metrics} (the README's metrics table
 * lists the same):
 *
 * <ul>
 *   <li>{@value #REQUESTS} {@code {action, outcome}}: requests that reached a terminal phase;
 *       outcome is the phase (denied, rejected, expired, succeeded, failed, evaluated).
 *   <li>{@value #DENIALS} {@code {reason}}: denials by the {@link ReasonCode} of their first reason
 *       (the main one): {@code InvalidRequest}, {@code UnknownAction}, {@code UnsupportedKind},
 *       {@code TargetMissing}, {@code RevisionMissing}, {@code NoPolicy}, {@code Forbidden}, {@code
 *       BelowMin}, {@code AboveMax}, {@code StepLimit}, {@code RevisionLimit}, {@code
 *       BudgetExceeded}, {@code Cooldown}, {@code Frozen}, {@code ApprovalUnsatisfiable}, {@code
 *       NotEnoughApprovals}, {@code AuditMode} or {@code Error}. A bounded set: the words of a
 *       reason are in the request's status and Events, never in a label.
 *   <li>{@value #DECISION} {@code {verdict}}: time the operator spent deciding a request: from the
 *       start of the decision (reading the target and policies) to writing it.
 *   <li>{@value #APPROVAL_WAIT} {@code {outcome}}: time from the decision to the end of the wait
 *       for approval (approved, rejected, expired).
 *   <li>{@value #EXECUTION} {@code {action, outcome}}: time from recording the intent to the end of
 *       the rollout (succeeded, failed).
 *   <li>{@value #PENDING} {@code {phase}}: requests in a non-terminal phase, counted from the
 *       reconciler's cache (so they survive a restart).
 *   <li>{@value #PRUNED} {@code {phase}}: terminal requests the operator deleted because they ended
 *       longer ago than {@code countersign.prune-terminal-after} (never without that setting).
 * </ul>
 */
public class RequestMetrics {
  public static final String REQUESTS = "countersign.requests";
  public static final String DENIALS = "countersign.denials";
  public static final String DECISION = "countersign.decision.duration";
  public static final String APPROVAL_WAIT = "countersign.approval.wait";
  public static final String EXECUTION = "countersign.execution.duration";
  public static final String PENDING = "countersign.pending.requests";
  public static final String PRUNED = "countersign.pruned.requests";

  private static final Phase[] WAITING = {
    Phase.Pending, Phase.AwaitingApproval, Phase.Approved, Phase.Executing
  };

  private final MeterRegistry registry;
  private final AtomicReference<Supplier<Stream<ActionRequest>>> requests =
      new AtomicReference<>(Stream::empty);

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Phase phase : WAITING) {
      Gauge.builder(PENDING, requests, r -> r.get().get().filter(a -> a.phase() == phase).count())
          .description("Requests in a non-terminal phase, as this operator's cache sees them")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  /** Counts pending requests from this source (the reconciler's cache) from now on. */
  public void observe(Supplier<Stream<ActionRequest>> source) {
    requests.set(source);
  }

  /** Records a request's move from {@code from} to its current phase. */
  public void transition(Phase from, ActionRequest request) {
    Phase to = request.phase();
    String action =
        request.getSpec() == null ? "unknown" : String.valueOf(request.getSpec().action());
    var status = request.getStatus();
    if (from == Phase.Pending && status.decision() != null) {
      record(
          Timer.builder(DECISION)
              .description(
                  "Time spent deciding a request, from reading its target to writing the decision")
              .tag("verdict", status.decision().verdict().name()),
          status.decision().decidedAt(),
          Instant.now());
    }
    if (from == Phase.AwaitingApproval && to != Phase.AwaitingApproval) {
      record(
          Timer.builder(APPROVAL_WAIT)
              .description("Time from the decision to the end of the wait for approval")
              .tag("outcome", outcome(to)),
          status.decision() == null ? null : status.decision().decidedAt(),
          Instant.now());
    }
    if (!to.isTerminal()) {
      return;
    }
    Counter.builder(REQUESTS)
        .description("Requests that reached a terminal phase")
        .tag("action", action)
        .tag("outcome", outcome(to))
        .register(registry)
        .increment();
    if (to == Phase.Denied) {
      Counter.builder(DENIALS)
          .description("Denied requests by the reason code of their first reason")
          .tag("reason", firstCode(status.decision()).name())
          .register(registry)
          .increment();
    }
    if (status.execution() != null && status.execution().startedAt() != null) {
      record(
          Timer.builder(EXECUTION)
              .description("Time from recording the intent to the end of the rollout")
              .tag("action", action)
              .tag("outcome", outcome(to)),
          status.execution().startedAt(),
          status.execution().finishedAt() == null
              ? Instant.now()
              : Instant.parse(status.execution().finishedAt()));
    }
  }

  private void record(Timer.Builder timer, String since, Instant until) {
    if (since == null) {
      return;
    }
    Duration elapsed = Duration.between(Instant.parse(since), until);
    timer
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed.isNegative() ? Duration.ZERO : elapsed);
  }

  /** The code of a denial's first reason; Error when it has none this version knows. */
  static ReasonCode firstCode(Decision decision) {
    return ReasonCode.of(decision).stream().findFirst().orElse(ReasonCode.Error);
  }

  private static String outcome(Phase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  /** A terminal request was deleted by {@code countersign.prune-terminal-after}. */
  public void pruned(ActionRequest request) {
    Counter.builder(PRUNED)
        .description("Terminal requests deleted because they ended longer ago than the retention")
        .tag("phase", String.valueOf(request.phase()).toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}
