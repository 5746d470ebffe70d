package dev.countersign.policy;

import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live target workload; {@code exists=false} when it was not found.
 *
 * @param exists whether the workload exists
 * @param kind Deployment or StatefulSet
 * @param name the workload's name
 * @param labels the workload's own labels (for policies' target selector)
 * @param currentReplicas {@code spec.replicas} as it is now
 * @param currentRevision the revision the workload runs now, as {@code kubectl rollout history}
 *     numbers it; null when unknown
 * @param revisions every revision number {@code kubectl rollout history} would list, including the
 *     current one
 */
public record TargetFacts(
    boolean exists,
    String kind,
    String name,
    Map<String, String> labels,
    int currentReplicas,
    Long currentRevision,
    List<Long> revisions) {

  public TargetFacts {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    revisions =
        revisions == null
            ? List.of()
            : revisions.stream().filter(Objects::nonNull).sorted().distinct().toList();
  }

  /**
   * A workload that exists, read live, with its revisions (an empty history unless the decision
   * needs them: a rollback).
   */
  public static TargetFacts of(Workload workload, RevisionHistory history) {
    return new TargetFacts(
        true,
        workload.kind(),
        workload.name(),
        workload.labels(),
        workload.replicas(),
        history.current(),
        history.numbers());
  }

  /** A workload that was looked for and not found. */
  public static TargetFacts missing(String kind, String name) {
    return new TargetFacts(false, kind, name, Map.of(), 0, null, List.of());
  }

  /**
   * The revision {@code kubectl rollout undo} without {@code --to-revision} goes back to: the
   * highest revision below the current one (or, when the current one is unknown, below the
   * highest).
   */
  public Optional<Long> previousRevision() {
    if (revisions.isEmpty()) {
      return Optional.empty();
    }
    long current = currentRevision != null ? currentRevision : revisions.get(revisions.size() - 1);
    return revisions.stream().filter(r -> r < current).max(Long::compare);
  }
}
