package dev.countersign.execution;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The revisions of a workload, oldest first, and the number of the one currently rolled out (null
 * when the workload has no revisions yet).
 */
public record RevisionHistory(Long current, List<Revision> revisions) {

  public RevisionHistory {
    revisions = revisions.stream().sorted(Comparator.comparingLong(Revision::number)).toList();
  }

  public Optional<Revision> find(long number) {
    return revisions.stream().filter(r -> r.number() == number).findFirst();
  }

  /** The highest-numbered revision below the current one: what {@code rollout undo} picks. */
  public Optional<Revision> previous() {
    if (current == null) {
      return Optional.empty();
    }
    return revisions.stream().filter(r -> r.number() < current).reduce((a, b) -> b);
  }

  public List<Long> numbers() {
    return revisions.stream().map(Revision::number).toList();
  }
}
