package dev.countersign.execution;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.policy.Action;
import dev.countersign.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Sets the replica count through the workload's {@code scale} subresource, as kubectl scale. */
public class ScaleExecutor implements ActionExecutor {

  static final String FIELD = "spec.replicas";

  private final Workloads workloads;

  public ScaleExecutor(Workloads workloads) {
    this.workloads = workloads;
  }

  @Override
  public Action action() {
    return Action.SCALE;
  }

  @Override
  public ExecutionRecord plan(
      Workload target, ActionRequestSpec spec, Instant now, Duration rolloutTimeout) {
    if (spec.scale() == null || spec.scale().replicas() == null || spec.scale().replicas() < 0) {
      throw new ExecutionRefused("action scale needs spec.scale.replicas of 0 or more");
    }
    Change change =
        new Change(
            FIELD, String.valueOf(target.replicas()), String.valueOf(spec.scale().replicas()));
    return ActionExecutor.intent(now, rolloutTimeout, List.of(change), null, null);
  }

  @Override
  public boolean isApplied(Workload target, ExecutionRecord intent) {
    return target.replicas() == replicas(intent);
  }

  @Override
  public void apply(Workload target, ExecutionRecord intent) {
    workloads.patchScale(target, "{\"spec\":{\"replicas\":" + replicas(intent) + "}}");
  }

  private static int replicas(ExecutionRecord intent) {
    return intent.changes().stream()
        .filter(c -> FIELD.equals(c.field()))
        .findFirst()
        .map(c -> Integer.parseInt(c.to()))
        .orElseThrow(() -> new IllegalArgumentException("scale intent without " + FIELD));
  }
}
