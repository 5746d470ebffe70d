package dev.countersign.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A policy prepared once for many decisions: validated, with its freeze windows and durations
 * parsed. An invalid policy ({@code problems} not empty) allows nothing.
 *
 * @param snapshot the policy as read
 * @param problems what is wrong with it, from {@link PolicyValidator}
 * @param freezes its freeze windows; empty when it is invalid
 * @param budgetWindow its budget's window, when it has a valid budget
 * @param cooldown its cooldown, when it has a valid one
 */
public record IndexedPolicy(
    PolicySnapshot snapshot,
    List<String> problems,
    List<FreezeSchedule> freezes,
    Optional<Duration> budgetWindow,
    Optional<Duration> cooldown) {

  public IndexedPolicy {
    problems = List.copyOf(problems);
    freezes = List.copyOf(freezes);
  }

  /** Validates and parses a policy. */
  public static IndexedPolicy of(PolicySnapshot snapshot) {
    List<String> problems = PolicyValidator.problems(snapshot.spec());
    if (!problems.isEmpty()) {
      return new IndexedPolicy(snapshot, problems, List.of(), Optional.empty(), Optional.empty());
    }
    var spec = snapshot.spec();
    List<FreezeSchedule> freezes = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (var window : spec.freezeWindows()) {
      FreezeSchedule.parse(window, "", ignored).ifPresent(freezes::add);
    }
    return new IndexedPolicy(
        snapshot,
        problems,
        freezes,
        spec.budget() == null ? Optional.empty() : GoDuration.parse(spec.budget().window()),
        GoDuration.parse(spec.cooldown()));
  }

  public String name() {
    return snapshot.name();
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** The freeze of this policy in force at {@code now} that ends last, if any. */
  public Optional<ActiveFreeze> activeFreeze(Instant now) {
    Optional<ActiveFreeze> latest = Optional.empty();
    for (FreezeSchedule window : freezes) {
      Optional<Instant> until = window.activeUntil(now);
      if (until.isPresent() && (latest.isEmpty() || until.get().isAfter(latest.get().endsAt()))) {
        latest = Optional.of(new ActiveFreeze(name(), window, until.get()));
      }
    }
    return latest;
  }
}
