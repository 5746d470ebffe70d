package dev.countersign.execution;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.policy.Action;
import dev.countersign.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Carries out one kind of action on a workload. The caller records the {@link #plan intent} in the
 * request's status before calling {@link #apply}, and after a crash asks {@link #isApplied} first,
 * so that a change is never made twice.
 *
 * <p>Adding an action means adding a value to {@link Action} and one implementation of this
 * interface; the compiler then asks for its line in {@link ActionExecutors#executorFor}.
 */
public interface ActionExecutor {

  /** The action this executor carries out. */
  Action action();

  /**
   * The intent: what will change. Written to status before anything changes.
   *
   * @throws ExecutionRefused when the action cannot be planned, e.g. the revision is gone
   */
  ExecutionRecord plan(
      Workload target, ActionRequestSpec spec, Instant now, Duration rolloutTimeout);

  /** Whether the live workload already shows the intended change. */
  boolean isApplied(Workload target, ExecutionRecord intent);

  /**
   * Makes the change. API errors ({@code KubernetesClientException}) propagate; the caller retries
   * on conflicts and server errors.
   */
  void apply(Workload target, ExecutionRecord intent);

  /** An intent started at {@code now}, whose rollout must finish within {@code rolloutTimeout}. */
  static ExecutionRecord intent(
      Instant now,
      Duration rolloutTimeout,
      List<Change> changes,
      Long revision,
      String restartedAt) {
    Instant start = now.truncatedTo(ChronoUnit.SECONDS);
    return new ExecutionRecord(
        start.toString(),
        null,
        changes,
        revision,
        restartedAt,
        start.plus(rolloutTimeout).toString(),
        null);
  }
}
