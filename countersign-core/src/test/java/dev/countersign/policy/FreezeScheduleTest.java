package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.agentpolicy.FreezeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a freeze window is in force and when it ends, with a fixed clock, including the days the
 * clocks change: Europe/Berlin springs forward on 2025-03-30 (02:00 CET → 03:00 CEST, 01:00Z) and
 * falls back on 2025-10-26 (03:00 CEST → 02:00 CET, 01:00Z); America/New_York springs forward on
 * 2025-03-09 (02:00 EST → 03:00 EDT, 07:00Z) and falls back on 2025-11-02 (02:00 EDT → 01:00 EST,
 * 06:00Z).
 */
class FreezeScheduleTest {

  static Stream<Arguments> windows() {
    return Stream.of(
        arguments(
            "a weekend freeze is in force on Saturday",
            "0 18 * * FRI",
            "62h",
            "UTC",
            "2025-06-07T10:00:00Z",
            "2025-06-09T08:00:00Z"),
        arguments(
            "a freeze is over at the instant it ends",
            "0 18 * * FRI",
            "62h",
            "UTC",
            "2025-06-09T08:00:00Z",
            null),
        arguments(
            "a freeze has not begun a minute before its start",
            "0 18 * * FRI",
            "62h",
            "UTC",
            "2025-06-06T17:59:00Z",
            null),
        arguments(
            "a freeze is read in its time zone",
            "0 18 * * FRI",
            "62h",
            "Europe/Berlin",
            "2025-06-06T16:30:00Z",
            "2025-06-09T06:00:00Z"),
        arguments(
            "Berlin spring-forward: a start the clock skips begins at the jump",
            "30 2 * * *",
            "1h",
            "Europe/Berlin",
            "2025-03-30T01:30:00Z",
            "2025-03-30T02:00:00Z"),
        arguments(
            "Berlin spring-forward: before the jump the skipped start has not begun",
            "30 2 * * *",
            "1h",
            "Europe/Berlin",
            "2025-03-30T00:59:00Z",
            null),
        arguments(
            "Berlin spring-forward: the duration is elapsed time across the jump",
            "0 1 * * *",
            "2h",
            "Europe/Berlin",
            "2025-03-30T01:30:00Z",
            "2025-03-30T02:00:00Z"),
        arguments(
            "Berlin fall-back: a start that happens twice begins at the first",
            "30 2 * * *",
            "30m",
            "Europe/Berlin",
            "2025-10-26T00:45:00Z",
            "2025-10-26T01:00:00Z"),
        arguments(
            "Berlin fall-back: the second 02:30 starts nothing",
            "30 2 * * *",
            "30m",
            "Europe/Berlin",
            "2025-10-26T01:40:00Z",
            null),
        arguments(
            "Berlin fall-back: a freeze begun in the first pass is seen during the second",
            "15 2 * * *",
            "1h",
            "Europe/Berlin",
            "2025-10-26T01:10:00Z",
            "2025-10-26T01:15:00Z"),
        arguments(
            "New York spring-forward: a start the clock skips begins at the jump",
            "0 2 * * *",
            "1h",
            "America/New_York",
            "2025-03-09T07:30:00Z",
            "2025-03-09T08:00:00Z"),
        arguments(
            "New York fall-back: a start that happens twice begins at the first",
            "30 1 * * *",
            "1h",
            "America/New_York",
            "2025-11-02T06:10:00Z",
            "2025-11-02T06:30:00Z"),
        arguments(
            "New York fall-back: the second 01:30 starts nothing",
            "30 1 * * *",
            "1h",
            "America/New_York",
            "2025-11-02T06:45:00Z",
            null),
        arguments(
            "overlapping windows merge into one freeze",
            "0 8,9 * * *",
            "90m",
            "UTC",
            "2025-06-02T08:30:00Z",
            "2025-06-02T10:30:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void saysWhetherAFreezeIsInForceAndWhenItEnds(
      String sentence, String cron, String duration, String zone, String now, String endsAt) {
    FreezeSchedule window = parse(new FreezeWindow("w", cron, duration, zone));

    var until = window.activeUntil(Instant.parse(now));

    if (endsAt == null) {
      assertThat(until).isEmpty();
    } else {
      assertThat(until).contains(Instant.parse(endsAt));
    }
  }

  @Test
  void theDenialNamesTheWindowAndWhenItEndsInItsZoneAndInUtc() {
    FreezeSchedule window =
        parse(new FreezeWindow("weekend", "0 18 * * FRI", "62h", "Europe/Berlin"));
    Instant end = window.activeUntil(Instant.parse("2025-06-07T10:00:00Z")).orElseThrow();

    assertThat(new ActiveFreeze("shop", window, end).describe())
        .isEqualTo(
            "change freeze weekend (0 18 * * FRI, Europe/Berlin, 62h) of policy shop is in effect"
                + " until 2025-06-09 08:00 CEST (2025-06-09T06:00:00Z)");
  }

  @Test
  void aWindowWithoutATimeZoneIsReadInUtc() {
    FreezeSchedule window = parse(new FreezeWindow("w", "0 0 * * *", "1h", null));

    assertThat(window.zone().getId()).isEqualTo("UTC");
  }

  @Test
  void reportsEveryProblemOfAMalformedWindow() {
    List<String> problems = new ArrayList<>();

    var parsed =
        FreezeSchedule.parse(
            new FreezeWindow(null, "0 25 * * *", "forever", "Mars/Olympus"), "w[0]", problems);

    assertThat(parsed).isEmpty();
    assertThat(problems)
        .containsExactly(
            "w[0].name: is missing",
            "w[0].schedule: \"0 25 * * *\" hour 25 is not within 0-23",
            "w[0].duration: \"forever\" is not a duration such as 30m or 62h",
            "w[0].timeZone: \"Mars/Olympus\" is not an IANA time zone such as Europe/Berlin");
  }

  private static FreezeSchedule parse(FreezeWindow window) {
    List<String> problems = new ArrayList<>();
    FreezeSchedule parsed = FreezeSchedule.parse(window, "w", problems).orElse(null);
    assertThat(problems).isEmpty();
    return parsed;
  }
}
