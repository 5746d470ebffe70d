package dev.countersign.execution;

import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.policy.Action;
import dev.countersign.workload.PodTemplates;
import dev.countersign.workload.Revision;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Rolls back as {@code kubectl rollout undo} does: replaces the pod template with the template of
 * an earlier revision (a ReplicaSet for a Deployment, a ControllerRevision for a StatefulSet).
 *
 * <p>The revision is chosen in {@link #plan} and fixed in the intent. Because the controllers
 * renumber a revision that is rolled back to (revision 2 becomes revision 4), the revision number
 * alone cannot show afterwards that the rollback happened; so the same patch that replaces the
 * template also sets {@link #ROLLBACK_ANNOTATION} on the workload, naming the revision and the
 * intent's start time, and {@link #isApplied} looks for it.
 */
public class RollbackExecutor implements ActionExecutor {

  /**
   * On the workload: the last rollback Countersign made, e.g. {@code revision 2 at
   * 2026-11-21T23:50:00Z}. Written in the same patch as the template, so it is present exactly when
   * the template was replaced.
   */
  public static final String ROLLBACK_ANNOTATION = ApiVersion.key("rollback");

  static final String FIELD = "spec.template";

  private final Workloads workloads;

  public RollbackExecutor(Workloads workloads) {
    this.workloads = workloads;
  }

  @Override
  public Action action() {
    return Action.ROLLBACK;
  }

  @Override
  public ExecutionRecord plan(
      Workload target, ActionRequestSpec spec, Instant now, Duration rolloutTimeout) {
    if (target.resource() instanceof Deployment d
        && d.getSpec() != null
        && Boolean.TRUE.equals(d.getSpec().getPaused())) {
      throw new ExecutionRefused(
          target.describe() + " is paused; resume it before rolling it back");
    }
    RevisionHistory history = workloads.history(target);
    Long wanted = spec.rollback() == null ? null : spec.rollback().toRevision();
    Revision to =
        wanted != null
            ? history.find(wanted).orElseThrow(() -> gone(target, wanted, history))
            : history
                .previous()
                .orElseThrow(
                    () ->
                        new ExecutionRefused(
                            target.describe()
                                + " has no revision before "
                                + (history.current() == null
                                    ? "the current one"
                                    : "revision " + history.current())
                                + " to roll back to"));
    if (Objects.equals(history.current(), to.number())) {
      throw new ExecutionRefused(
          "revision " + to.number() + " is already the current revision of " + target.describe());
    }
    if (to.template() == null) {
      throw new ExecutionRefused(
          "revision " + to.number() + " of " + target.describe() + " holds no pod template");
    }
    List<Change> changes = new ArrayList<>();
    changes.add(
        new Change(
            FIELD,
            history.current() == null ? "(unknown revision)" : "revision " + history.current(),
            "revision " + to.number()));
    changes.addAll(PodTemplates.imageChanges(target.template(), to.template()));
    return ActionExecutor.intent(now, rolloutTimeout, changes, to.number(), null);
  }

  @Override
  public boolean isApplied(Workload target, ExecutionRecord intent) {
    if (stamp(intent).equals(target.annotations().get(ROLLBACK_ANNOTATION))) {
      return true;
    }
    return workloads
        .history(target)
        .find(revision(intent))
        .map(r -> PodTemplates.same(target.template(), r.template()))
        .orElse(false);
  }

  @Override
  public void apply(Workload target, ExecutionRecord intent) {
    long number = revision(intent);
    Revision to =
        workloads
            .history(target)
            .find(number)
            .orElseThrow(() -> gone(target, number, workloads.history(target)));
    List<Map<String, Object>> patch = new ArrayList<>();
    // Guards against a workload deleted and re-created under the same name since it was read.
    patch.add(Map.of("op", "test", "path", "/metadata/uid", "value", target.uid()));
    patch.add(Map.of("op", "replace", "path", "/spec/template", "value", to.template()));
    if (target.annotations().isEmpty()) {
      patch.add(
          Map.of(
              "op",
              "add",
              "path",
              "/metadata/annotations",
              "value",
              Map.of(ROLLBACK_ANNOTATION, stamp(intent))));
    } else {
      patch.add(
          Map.of(
              "op",
              "add",
              "path",
              "/metadata/annotations/" + ROLLBACK_ANNOTATION.replace("~", "~0").replace("/", "~1"),
              "value",
              stamp(intent)));
    }
    workloads.patch(target, PatchType.JSON, patch);
  }

  private static ExecutionRefused gone(Workload target, long number, RevisionHistory history) {
    String known =
        history.numbers().isEmpty()
            ? "it has no revisions"
            : "it has revisions "
                + history.numbers().stream().map(String::valueOf).collect(Collectors.joining(", "));
    return new ExecutionRefused(
        "revision " + number + " of " + target.describe() + " no longer exists (" + known + ")");
  }

  private static long revision(ExecutionRecord intent) {
    if (intent.revision() == null) {
      throw new IllegalArgumentException("rollback intent without a revision");
    }
    return intent.revision();
  }

  private static String stamp(ExecutionRecord intent) {
    return "revision " + revision(intent) + " at " + intent.startedAt();
  }
}
