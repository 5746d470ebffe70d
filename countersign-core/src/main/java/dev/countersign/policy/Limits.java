package dev.countersign.policy;

import java.time.Duration;

/**
 * The operator's own limits, which no policy can widen.
 *
 * @param maxReplicas the hard ceiling on any scale request, e.g. 1000
 * @param defaultRequestTtl how long a request may wait for approval when its policy sets no
 *     requestTTL
 */
public record Limits(int maxReplicas, Duration defaultRequestTtl) {

  public Limits {
    if (maxReplicas < 0) {
      throw new IllegalArgumentException("maxReplicas " + maxReplicas + " is negative");
    }
    if (defaultRequestTtl == null || defaultRequestTtl.isNegative() || defaultRequestTtl.isZero()) {
      throw new IllegalArgumentException("defaultRequestTtl must be a positive duration");
    }
  }
}
