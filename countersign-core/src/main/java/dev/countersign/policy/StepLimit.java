package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.StepLimits;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A limit on how far one scale request may move the replica count: an absolute number ({@code "2"})
 * or a percentage of the current replicas ({@code "50%"}, rounded up, so 50% of 3 is 2; from zero
 * replicas a percentage allows no step).
 *
 * @param amount the number, or the percentage
 * @param percent whether {@code amount} is a percentage
 */
public record StepLimit(int amount, boolean percent) {
  private static final Pattern FORM = Pattern.compile(StepLimits.PATTERN);

  /** The limit, or empty when the text is not {@code N} or {@code N%}. */
  public static Optional<StepLimit> parse(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      return Optional.empty();
    }
    boolean percent = text.endsWith("%");
    int amount = Integer.parseInt(percent ? text.substring(0, text.length() - 1) : text);
    return Optional.of(new StepLimit(amount, percent));
  }

  /** The largest step allowed from {@code current} replicas. */
  public int allowedFrom(int current) {
    if (!percent) {
      return amount;
    }
    return (int) ((Math.max(0L, current) * amount + 99) / 100);
  }

  /** "2" or "50% (2 of 3)". */
  public String describe(int current) {
    return percent ? amount + "% (" + allowedFrom(current) + " of " + current + ")" : "" + amount;
  }
}
