package dev.countersign.notification;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.workload.Workload;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The "what will change" line of a notification, current → desired, as {@code kubectl approve show}
 * words it: from what was changed when execution recorded it, else from the live workload.
 */
public final class ChangeText {
  private ChangeText() {}

  /** One line for people; {@code live} is the target as it is now, if it exists. */
  public static String of(
      String namespace,
      ActionRequestSpec spec,
      ExecutionRecord execution,
      Optional<Workload> live) {
    if (spec == null || spec.target() == null || spec.action() == null) {
      return "nothing: the request names no action or target";
    }
    String target = spec.target() + " in " + namespace;
    if (execution != null && !execution.changes().isEmpty()) {
      return target
          + ": "
          + execution.changes().stream()
              .map(c -> c.field() + " " + c.from() + " → " + c.to())
              .collect(Collectors.joining(", "));
    }
    if (live.isEmpty()) {
      return target + " does not exist: nothing can change";
    }
    return switch (spec.action()) {
      case "scale" -> {
        Integer wanted = spec.scale() == null ? null : spec.scale().replicas();
        yield target + ": replicas " + live.get().replicas() + " → " + wanted;
      }
      case "restart" ->
          target + ": every pod replaced (rolling restart of " + live.get().replicas() + ")";
      case "rollback" ->
          target
              + ": pod template rolled back to revision "
              + (spec.rollback() == null || spec.rollback().toRevision() == null
                  ? "before the current one"
                  : spec.rollback().toRevision());
      default -> target + ": nothing, unknown action " + spec.action();
    };
  }
}
