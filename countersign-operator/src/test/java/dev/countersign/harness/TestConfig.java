package dev.countersign.harness;

import dev.countersign.config.CountersignConfig;
import java.time.Duration;

/**
 * Operator settings for tests: short polls so that waiting paths end quickly. The rollout timeout
 * is long by default: a slow, cold machine must never fail a rollout that does finish (a test of
 * the timeout itself sets a short one with {@link #withRolloutTimeout}).
 */
public record TestConfig(
    Duration requestTtl,
    Duration rolloutTimeout,
    Duration pollInterval,
    int maxReplicas,
    java.util.Optional<Duration> pruneTerminalAfter)
    implements CountersignConfig {

  public TestConfig(
      Duration requestTtl, Duration rolloutTimeout, Duration pollInterval, int maxReplicas) {
    this(requestTtl, rolloutTimeout, pollInterval, maxReplicas, java.util.Optional.empty());
  }

  /** These settings, with rollouts failed when they have not finished after this long. */
  public TestConfig withRolloutTimeout(Duration timeout) {
    return new TestConfig(requestTtl, timeout, pollInterval, maxReplicas, pruneTerminalAfter);
  }

  /** These settings, with terminal requests deleted this long after they ended. */
  public TestConfig pruningAfter(Duration keep) {
    return new TestConfig(
        requestTtl, rolloutTimeout, pollInterval, maxReplicas, java.util.Optional.of(keep));
  }

  /** The operator's own user name in tests. */
  public static final String OPERATOR = "system:serviceaccount:countersign-system:countersign";

  public static TestConfig defaults() {
    return new TestConfig(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofMillis(200), 1000);
  }

  @Override
  public String operatorUsername() {
    return OPERATOR;
  }

  /** As in production. */
  @Override
  public int warmUpApiRounds() {
    return 300;
  }

  /** The channel namespace of tests (the chart's default release namespace). */
  public static final String CHANNEL_NAMESPACE = "countersign-system";

  /** Four attempts, 50 ms apart at first (doubling up to 400 ms), two seconds each at most. */
  @Override
  public Notifications notifications() {
    return new Notifications() {
      @Override
      public String channelNamespace() {
        return CHANNEL_NAMESPACE;
      }

      @Override
      public int maxAttempts() {
        return 4;
      }

      @Override
      public Duration initialBackoff() {
        return Duration.ofMillis(50);
      }

      @Override
      public Duration maxBackoff() {
        return Duration.ofMillis(400);
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(2);
      }
    };
  }

  @Override
  public LeaderElection leaderElection() {
    return new LeaderElection() {
      @Override
      public boolean enabled() {
        return false;
      }

      @Override
      public String leaseName() {
        return "countersign-operator";
      }

      @Override
      public java.util.Optional<String> leaseNamespace() {
        return java.util.Optional.empty();
      }

      @Override
      public Duration leaseDuration() {
        return OperatorHarness.LEASE_DURATION;
      }

      @Override
      public Duration renewDeadline() {
        return OperatorHarness.RENEW_DEADLINE;
      }

      @Override
      public Duration retryPeriod() {
        return OperatorHarness.RETRY_PERIOD;
      }
    };
  }
}
