package dev.countersign.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Go-style durations such as {@code 30m}, {@code 4h} or {@code 1h30m}: one or more
 * whole-number terms, each with a unit of {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}
 * or {@code h}. This is the subset the AgentPolicy schema admits (no sign, no fractions, no bare
 * zero).
 */
public final class GoDuration {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(ns|us|ms|s|m|h))+");
  private static final Pattern TERM = Pattern.compile("([0-9]+)(ns|us|ms|s|m|h)");

  private GoDuration() {}

  /** The duration, or empty when the text is not such a duration or overflows. */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      Duration total = Duration.ZERO;
      Matcher term = TERM.matcher(text);
      while (term.find()) {
        long amount = Long.parseLong(term.group(1));
        total = total.plus(unit(term.group(2)).multipliedBy(amount));
      }
      return Optional.of(total);
    } catch (ArithmeticException | NumberFormatException overflow) {
      return Optional.empty();
    }
  }

  private static Duration unit(String unit) {
    return switch (unit) {
      case "ns" -> Duration.ofNanos(1);
      case "us" -> Duration.ofNanos(1_000);
      case "ms" -> Duration.ofMillis(1);
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      default -> throw new IllegalArgumentException("unit " + unit);
    };
  }
}
