package dev.countersign.execution;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.policy.Action;
import dev.countersign.workload.PodTemplates;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Restarts the pods as {@code kubectl rollout restart} does: stamps the pod template with the
 * {@code kubectl.kubernetes.io/restartedAt} annotation, which makes the controller roll out new
 * pods.
 */
public class RestartExecutor implements ActionExecutor {

  static final String FIELD =
      "spec.template.metadata.annotations[" + PodTemplates.RESTARTED_AT + "]";

  private final Workloads workloads;

  public RestartExecutor(Workloads workloads) {
    this.workloads = workloads;
  }

  @Override
  public Action action() {
    return Action.RESTART;
  }

  @Override
  public ExecutionRecord plan(
      Workload target, ActionRequestSpec spec, Instant now, Duration rolloutTimeout) {
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String previous = Objects.requireNonNullElse(restartedAt(target), "(none)");
    return ActionExecutor.intent(
        now, rolloutTimeout, List.of(new Change(FIELD, previous, stamp)), null, stamp);
  }

  @Override
  public boolean isApplied(Workload target, ExecutionRecord intent) {
    return Objects.equals(restartedAt(target), intent.restartedAt());
  }

  @Override
  public void apply(Workload target, ExecutionRecord intent) {
    if (intent.restartedAt() == null) {
      throw new IllegalArgumentException("restart intent without restartedAt");
    }
    workloads.patch(
        target,
        PatchType.JSON_MERGE,
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of(
                    "metadata",
                    Map.of(
                        "annotations", Map.of(PodTemplates.RESTARTED_AT, intent.restartedAt()))))));
  }

  private static String restartedAt(Workload target) {
    if (target.template() == null || target.template().getMetadata() == null) {
      return null;
    }
    Map<String, String> annotations = target.template().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(PodTemplates.RESTARTED_AT);
  }
}
