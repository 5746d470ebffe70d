package dev.countersign.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A policy's cooldown: after any action on a target ends (or, while it runs, since it started), the
 * next one this policy allows on that target may start only once the cooldown has passed. Computed
 * from {@link RequestFacts#history()}, read from the cluster's ActionRequests.
 */
public final class CooldownCheck implements PolicyCheck {

  @Override
  public Optional<Reason> violation(IndexedPolicy policy, RequestFacts facts, Instant now) {
    if (policy.cooldown().isEmpty()) {
      return Optional.empty();
    }
    Duration cooldown = policy.cooldown().get();
    Optional<PastAction> last =
        facts.history().stream()
            .filter(a -> a.sameTarget(facts))
            .filter(a -> !a.startedAt().isAfter(now))
            .max(Comparator.comparing(PastAction::lastTouched));
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Instant until = last.get().lastTouched().plus(cooldown);
    if (!now.isBefore(until)) {
      return Optional.empty();
    }
    var target = facts.spec().target();
    return Optional.of(
        ReasonCode.Cooldown.because(
            "policy "
                + policy.name()
                + "'s cooldown of "
                + policy.snapshot().spec().cooldown()
                + " on "
                + target.kind()
                + " "
                + target.name()
                + " runs until "
                + until
                + " (last action: "
                + last.get().request()
                + ")"));
  }
}
