package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One reason behind a decision: its {@link ReasonCode} for machines and its words for people.
 *
 * @param code what kind of reason it is
 * @param message the reason in words, naming the policy, field or limit it is about
 */
public record Reason(ReasonCode code, String message) {

  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** A denial for this reason alone, decided at {@code now}. */
  public Decision denial(Instant now) {
    return denial(List.of(this), now);
  }

  /** A denial for these reasons, decided at {@code now}: at most 20 in words, every code. */
  public static Decision denial(List<Reason> reasons, Instant now) {
    return Decision.denied(words(reasons), ReasonCode.distinct(reasons), now);
  }

  /** The words of these reasons, bounded for an object's status (see {@link BoundedReasons}). */
  static List<String> words(List<Reason> reasons) {
    return BoundedReasons.of(reasons.stream().map(Reason::message).toList());
  }
}
