package dev.countersign.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in local
 * time. Each field is {@code *} or a comma-separated list of values, ranges {@code a-b} and steps
 * ({@code *}{@code /15}, {@code 1-30/2}, {@code 5/10} meaning 5 to the end by 10). Months may be
 * named {@code JAN}-{@code DEC} and weekdays {@code SUN}-{@code SAT} (0 and 7 are both Sunday). As
 * in Vixie cron, when both day-of-month and day-of-week are restricted (neither starts with {@code
 * *}) a day matches when either does; otherwise both must.
 */
public final class CronSchedule {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean dayOfMonthStar;
  private final boolean dayOfWeekStar;

  private CronSchedule(String text, BitSet[] fields, boolean domStar, boolean dowStar) {
    this.text = text;
    this.minutes = fields[0];
    this.hours = fields[1];
    this.daysOfMonth = fields[2];
    this.months = fields[3];
    this.daysOfWeek = fields[4];
    this.dayOfMonthStar = domStar;
    this.dayOfWeekStar = dowStar;
  }

  /** The schedule, or why the text is not one (e.g. {@code hour 24 is not within 0-23}). */
  public static Result parse(String text) {
    if (text == null || text.isBlank()) {
      return new Result(Optional.empty(), "is empty");
    }
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 5) {
      return new Result(
          Optional.empty(),
          "has " + parts.length + " fields; use 5: minute hour day-of-month month day-of-week");
    }
    try {
      BitSet[] fields = {
        field("minute", parts[0], 0, 59, List.of()),
        field("hour", parts[1], 0, 23, List.of()),
        field("day-of-month", parts[2], 1, 31, List.of()),
        field("month", parts[3], 1, 12, MONTHS),
        field("day-of-week", parts[4], 0, 7, DAYS)
      };
      if (fields[4].get(7)) {
        fields[4].set(0);
      }
      return new Result(
          Optional.of(
              new CronSchedule(
                  text.trim(), fields, parts[2].startsWith("*"), parts[4].startsWith("*"))),
          null);
    } catch (IllegalArgumentException e) {
      return new Result(Optional.empty(), e.getMessage());
    }
  }

  /** A parsed schedule, or the problem with the text. */
  public record Result(Optional<CronSchedule> schedule, String problem) {}

  private static BitSet field(String name, String text, int min, int max, List<String> names) {
    BitSet set = new BitSet(max + 1);
    for (String item : text.split(",", -1)) {
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(name, item.substring(slash + 1), List.of());
        if (step < 1) {
          throw new IllegalArgumentException(name + " step in \"" + item + "\" must be at least 1");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw new IllegalArgumentException(name + " \"" + item + "\" is not a range a-b");
        }
        from = number(name, ends[0], names);
        to = number(name, ends[1], names);
      } else {
        from = number(name, range, names);
        to = slash >= 0 ? max : from;
      }
      for (int bound : new int[] {from, to}) {
        if (bound < min || bound > max) {
          throw new IllegalArgumentException(
              name + " " + bound + " is not within " + min + "-" + max);
        }
      }
      if (from > to) {
        throw new IllegalArgumentException(
            name + " range \"" + item + "\" runs backwards; write it low-high");
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(String field, String text, List<String> names) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + (names.size() == 12 ? 1 : 0);
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(field + " \"" + text + "\" is not a number");
    }
    return Integer.parseInt(text);
  }

  /** Whether the schedule fires on this day (month, day-of-month and day-of-week). */
  boolean firesOn(LocalDate date) {
    if (!months.get(date.getMonthValue())) {
      return false;
    }
    boolean dom = daysOfMonth.get(date.getDayOfMonth());
    boolean dow = daysOfWeek.get(dayOfWeek(date.getDayOfWeek()));
    return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
  }

  /** Whether the schedule fires at this minute. */
  public boolean matches(LocalDateTime time) {
    return firesOn(time.toLocalDate())
        && hours.get(time.getHour())
        && minutes.get(time.getMinute());
  }

  /** The latest firing at or before {@code time} (to the minute), on or after {@code floor}. */
  public Optional<LocalDateTime> latestAtOrBefore(LocalDateTime time, LocalDate floor) {
    LocalDate last = time.toLocalDate();
    for (LocalDate day = last; !day.isBefore(floor); day = day.minusDays(1)) {
      if (!firesOn(day)) {
        continue;
      }
      int maxHour = day.equals(last) ? time.getHour() : 23;
      for (int h = hours.previousSetBit(maxHour); h >= 0; h = hours.previousSetBit(h - 1)) {
        int maxMinute = day.equals(last) && h == time.getHour() ? time.getMinute() : 59;
        int m = minutes.previousSetBit(maxMinute);
        if (m >= 0) {
          return Optional.of(day.atTime(h, m));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The earliest firing strictly after {@code time} (to the minute), on or before {@code ceiling}.
   */
  public Optional<LocalDateTime> earliestAfter(LocalDateTime time, LocalDate ceiling) {
    LocalDateTime from = time.withSecond(0).withNano(0).plusMinutes(1);
    LocalDate first = from.toLocalDate();
    for (LocalDate day = first; !day.isAfter(ceiling); day = day.plusDays(1)) {
      if (!firesOn(day)) {
        continue;
      }
      int minHour = day.equals(first) ? from.getHour() : 0;
      for (int h = hours.nextSetBit(minHour); h >= 0; h = hours.nextSetBit(h + 1)) {
        int minMinute = day.equals(first) && h == from.getHour() ? from.getMinute() : 0;
        int m = minutes.nextSetBit(minMinute);
        if (m >= 0) {
          return Optional.of(day.atTime(h, m));
        }
      }
    }
    return Optional.empty();
  }

  private static int dayOfWeek(DayOfWeek day) {
    return day.getValue() % 7;
  }

  @Override
  public String toString() {
    return text;
  }
}
