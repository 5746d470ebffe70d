package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.FreezeWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One policy's freeze window, parsed: it starts whenever the cron schedule fires in the time zone
 * and lasts {@code duration} of elapsed time. Daylight-saving rules: a start time that does not
 * exist (the clock jumps over it) starts the freeze at the jump; a start time that exists twice
 * (the clock falls back) starts it at the first of the two. Windows that overlap the next one merge
 * into a single freeze.
 *
 * @param name the window's name
 * @param schedule when it starts
 * @param duration how long each freeze lasts
 * @param zone the time zone the schedule is read in
 */
public record FreezeSchedule(String name, CronSchedule schedule, Duration duration, ZoneId zone) {
  /** The default time zone when a window names none. */
  public static final String DEFAULT_ZONE = "UTC";

  /** How many back-to-back windows are merged at most when working out when a freeze ends. */
  private static final int MAX_MERGED = 1000;

  /** How far past "now" (local time) a start is looked for, to cover a clock that fell back. */
  private static final Duration LOOK_AHEAD = Duration.ofHours(3);

  /** The parsed window, or every problem with it (each prefixed by {@code at}). */
  public static Optional<FreezeSchedule> parse(FreezeWindow window, String at, List<String> out) {
    List<String> problems = new ArrayList<>();
    if (window == null) {
      out.add(at + ": is empty");
      return Optional.empty();
    }
    if (window.name() == null || window.name().isBlank()) {
      problems.add(at + ".name: is missing");
    }
    CronSchedule.Result cron = CronSchedule.parse(window.schedule());
    if (cron.schedule().isEmpty()) {
      problems.add(at + ".schedule: \"" + window.schedule() + "\" " + cron.problem());
    }
    Optional<Duration> duration = GoDuration.parse(window.duration());
    if (duration.isEmpty()) {
      problems.add(
          at + ".duration: \"" + window.duration() + "\" is not a duration such as 30m or 62h");
    } else if (duration.get().isZero()) {
      problems.add(at + ".duration: must be longer than zero");
    }
    Optional<ZoneId> zone = zone(window.timeZone());
    if (zone.isEmpty()) {
      problems.add(
          at
              + ".timeZone: \""
              + window.timeZone()
              + "\" is not an IANA time zone such as Europe/Berlin");
    }
    out.addAll(problems);
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new FreezeSchedule(window.name(), cron.schedule().get(), duration.get(), zone.get()));
  }

  private static Optional<ZoneId> zone(String text) {
    if (text == null) {
      return Optional.of(ZoneId.of(DEFAULT_ZONE));
    }
    try {
      ZoneId zone = ZoneId.of(text);
      return zone instanceof ZoneOffset ? Optional.empty() : Optional.of(zone);
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** When the freeze in force at {@code now} ends; empty when none is. */
  public Optional<Instant> activeUntil(Instant now) {
    LocalDateTime local = LocalDateTime.ofInstant(now, zone).plus(LOOK_AHEAD);
    var floor = LocalDateTime.ofInstant(now.minus(duration), zone).toLocalDate().minusDays(1);
    Optional<LocalDateTime> candidate = schedule.latestAtOrBefore(local, floor);
    while (candidate.isPresent() && start(candidate.get()).isAfter(now)) {
      candidate = schedule.latestAtOrBefore(candidate.get().minusMinutes(1), floor);
    }
    if (candidate.isEmpty()) {
      return Optional.empty();
    }
    Instant end = start(candidate.get()).plus(duration);
    if (!end.isAfter(now)) {
      return Optional.empty();
    }
    LocalDateTime last = candidate.get();
    for (int i = 0; i < MAX_MERGED; i++) {
      var ceiling = LocalDateTime.ofInstant(end, zone).toLocalDate().plusDays(1);
      Optional<LocalDateTime> next = schedule.earliestAfter(last, ceiling);
      if (next.isEmpty() || start(next.get()).isAfter(end)) {
        break;
      }
      last = next.get();
      Instant nextEnd = start(last).plus(duration);
      end = nextEnd.isAfter(end) ? nextEnd : end;
    }
    return Optional.of(end);
  }

  /** The instant a freeze scheduled at this local time starts (see the class comment on DST). */
  Instant start(LocalDateTime local) {
    ZoneOffsetTransition gap = zone.getRules().getTransition(local);
    if (gap != null && gap.isGap()) {
      return gap.getInstant();
    }
    return local.atZone(zone).toInstant();
  }

  /** "weekend (0 18 * * FRI, Europe/Berlin, 62h)". */
  public String describe() {
    return name
        + " ("
        + schedule
        + ", "
        + zone.getId()
        + ", "
        + duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
        + ")";
  }
}
