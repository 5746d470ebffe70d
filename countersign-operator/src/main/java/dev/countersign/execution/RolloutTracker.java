package dev.countersign.execution;

import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;
import java.util.Objects;

/**
 * Tells whether a workload's rollout is complete, in progress or failed, by the same rules as
 * {@code kubectl rollout status}.
 */
public class RolloutTracker {

  static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  public RolloutState check(Workload live) {
    return switch (live.resource()) {
      case Deployment d -> deployment(live, d.getStatus());
      case StatefulSet s -> statefulSet(live, s);
      default -> throw new IllegalArgumentException("unsupported kind " + live.kind());
    };
  }

  private static RolloutState deployment(Workload live, DeploymentStatus status) {
    if (status == null || orZero(status.getObservedGeneration()) < live.generation()) {
      return new RolloutState.InProgress(
          "waiting for the " + live.describe() + " spec update to be observed");
    }
    List<DeploymentCondition> conditions =
        status.getConditions() == null ? List.of() : status.getConditions();
    for (DeploymentCondition condition : conditions) {
      if ("Progressing".equals(condition.getType())
          && PROGRESS_DEADLINE_EXCEEDED.equals(condition.getReason())) {
        return new RolloutState.Failed(
            live.describe()
                + " exceeded its progress deadline"
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
      }
    }
    int wanted = live.replicas();
    int updated = orZero(status.getUpdatedReplicas());
    int replicas = orZero(status.getReplicas());
    int available = orZero(status.getAvailableReplicas());
    if (updated < wanted) {
      return new RolloutState.InProgress(
          updated + " out of " + wanted + " new replicas have been updated");
    }
    if (replicas > updated) {
      return new RolloutState.InProgress(
          (replicas - updated) + " old replicas are pending termination");
    }
    if (available < updated) {
      return new RolloutState.InProgress(
          available + " of " + updated + " updated replicas are available");
    }
    return new RolloutState.Complete(live.describe() + " successfully rolled out");
  }

  private static RolloutState statefulSet(Workload live, StatefulSet set) {
    StatefulSetStatus status = set.getStatus();
    if (status == null
        || orZero(status.getObservedGeneration()) == 0
        || orZero(status.getObservedGeneration()) < live.generation()) {
      return new RolloutState.InProgress(
          "waiting for the " + live.describe() + " spec update to be observed");
    }
    StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
    if (strategy != null && "OnDelete".equals(strategy.getType())) {
      // Pods change only when deleted; there is no rollout to wait for.
      return new RolloutState.Complete(
          live.describe() + " uses the OnDelete strategy; the update was observed");
    }
    int wanted = live.replicas();
    int ready = orZero(status.getReadyReplicas());
    int updated = orZero(status.getUpdatedReplicas());
    if (ready < wanted) {
      return new RolloutState.InProgress(
          "waiting for "
              + (wanted - ready)
              + " pods to be ready ("
              + ready
              + " of "
              + wanted
              + ")");
    }
    int partition = partition(strategy);
    if (partition > 0) {
      int expected = Math.max(0, wanted - partition);
      if (updated < expected) {
        return new RolloutState.InProgress(
            "waiting for partitioned roll out to finish: "
                + updated
                + " out of "
                + expected
                + " new pods have been updated");
      }
      return new RolloutState.Complete(
          "partitioned roll out complete: " + updated + " new pods have been updated");
    }
    if (updated < wanted
        || !Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())) {
      return new RolloutState.InProgress(
          "waiting for the rolling update to complete: "
              + updated
              + " of "
              + wanted
              + " pods at revision "
              + status.getUpdateRevision());
    }
    return new RolloutState.Complete(
        "rolling update complete: " + wanted + " pods at revision " + status.getUpdateRevision());
  }

  private static int partition(StatefulSetUpdateStrategy strategy) {
    RollingUpdateStatefulSetStrategy rolling =
        strategy == null ? null : strategy.getRollingUpdate();
    return rolling == null ? 0 : orZero(rolling.getPartition());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
