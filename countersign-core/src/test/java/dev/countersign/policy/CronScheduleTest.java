package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 5-field cron language of freeze windows: what parses, what fires when, what is rejected. */
class CronScheduleTest {

  static Stream<Arguments> firings() {
    // 2025-06-06 is a Friday, 2025-06-01 a Sunday.
    return Stream.of(
        arguments("every minute fires at any minute", "* * * * *", "2025-06-06T13:37", true),
        arguments("a fixed time fires then", "0 18 * * FRI", "2025-06-06T18:00", true),
        arguments(
            "a fixed time does not fire a minute later", "0 18 * * FRI", "2025-06-06T18:01", false),
        arguments("a weekday name restricts the day", "0 18 * * FRI", "2025-06-05T18:00", false),
        arguments("weekday 0 is Sunday", "0 0 * * 0", "2025-06-01T00:00", true),
        arguments("weekday 7 is Sunday too", "0 0 * * 7", "2025-06-01T00:00", true),
        arguments("weekday ranges by name", "0 9 * * MON-FRI", "2025-06-04T09:00", true),
        arguments(
            "weekday ranges exclude the weekend", "0 9 * * MON-FRI", "2025-06-07T09:00", false),
        arguments("lists of hours", "30 8,12,17 * * *", "2025-06-06T12:30", true),
        arguments("steps over the whole range", "*/15 * * * *", "2025-06-06T10:45", true),
        arguments("steps skip values between", "*/15 * * * *", "2025-06-06T10:40", false),
        arguments("steps over a range", "0 1-23/2 * * *", "2025-06-06T03:00", true),
        arguments("a start with a step runs to the end", "5/20 * * * *", "2025-06-06T10:45", true),
        arguments("month names", "0 0 24 DEC *", "2025-12-24T00:00", true),
        arguments("month names restrict the month", "0 0 24 DEC *", "2025-11-24T00:00", false),
        arguments(
            "day-of-month or day-of-week when both are restricted (the 1st)",
            "0 0 1 * MON",
            "2025-06-01T00:00",
            true),
        arguments(
            "day-of-month or day-of-week when both are restricted (a Monday)",
            "0 0 1 * MON",
            "2025-06-02T00:00",
            true),
        arguments(
            "day-of-month and day-of-week when one is a star",
            "0 0 1-7 * *",
            "2025-06-08T00:00",
            false),
        arguments("names are case-insensitive", "0 18 * jun fri", "2025-06-06T18:00", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firings")
  void firesExactlyWhenTheFieldsSay(String sentence, String cron, String at, boolean fires) {
    CronSchedule schedule = CronSchedule.parse(cron).schedule().orElseThrow();

    assertThat(schedule.matches(LocalDateTime.parse(at))).isEqualTo(fires);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("0 18 * *", "has 4 fields; use 5: minute hour day-of-month month day-of-week"),
        arguments("", "is empty"),
        arguments("60 * * * *", "minute 60 is not within 0-59"),
        arguments("0 24 * * *", "hour 24 is not within 0-23"),
        arguments("0 0 0 * *", "day-of-month 0 is not within 1-31"),
        arguments("0 0 * 13 *", "month 13 is not within 1-12"),
        arguments("0 0 * * 8", "day-of-week 8 is not within 0-7"),
        arguments("*/0 * * * *", "minute step in \"*/0\" must be at least 1"),
        arguments("0 0 * FOO *", "month \"FOO\" is not a number"),
        arguments("0 0 5-1 * *", "day-of-month range \"5-1\" runs backwards; write it low-high"),
        arguments("0 0 * * MON-", "day-of-week \"\" is not a number"),
        arguments("0 0 1-2-3 * *", "day-of-month \"1-2-3\" is not a range a-b"));
  }

  @ParameterizedTest(name = "\"{0}\" {1}")
  @MethodSource("malformed")
  void rejectsMalformedExpressionsWithTheReason(String cron, String problem) {
    CronSchedule.Result result = CronSchedule.parse(cron);

    assertThat(result.schedule()).isEmpty();
    assertThat(result.problem()).isEqualTo(problem);
  }

  @org.junit.jupiter.api.Test
  void findsTheLatestFiringAtOrBeforeAndTheEarliestAfter() {
    CronSchedule schedule = CronSchedule.parse("0 18 * * FRI").schedule().orElseThrow();
    LocalDateTime sunday = LocalDateTime.parse("2025-06-01T12:00");

    assertThat(schedule.latestAtOrBefore(sunday, LocalDate.parse("2025-05-20")))
        .contains(LocalDateTime.parse("2025-05-30T18:00"));
    assertThat(schedule.earliestAfter(sunday, LocalDate.parse("2025-06-30")))
        .contains(LocalDateTime.parse("2025-06-06T18:00"));
    assertThat(schedule.latestAtOrBefore(sunday, LocalDate.parse("2025-05-31"))).isEmpty();
  }
}
