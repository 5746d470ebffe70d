package dev.countersign.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * When a request that needs approval expires: {@code now} plus the shortest {@code requestTTL} of
 * the policies that allow it, where a policy without one counts with the operator's default.
 */
public final class RequestExpiry {
  private final Duration defaultTtl;

  public RequestExpiry(Duration defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  /** The expiry time for a request allowed by these policies. */
  public Instant expiresAt(Collection<PolicySnapshot> allowing, Instant now) {
    Duration ttl =
        allowing.stream()
            .map(p -> GoDuration.parse(p.spec().requestTTL()).orElse(defaultTtl))
            .min(Duration::compareTo)
            .orElse(defaultTtl);
    return now.plus(ttl);
  }
}
