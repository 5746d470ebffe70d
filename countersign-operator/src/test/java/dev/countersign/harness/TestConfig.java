package dev.countersign.harness;

import dev.countersign.config.CountersignConfig;
import java.time.Duration;

/** Operator settings for tests: short timeouts so that waiting paths end quickly. */
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

  /** These settings, with terminal requests deleted this long after they ended. */
  public TestConfig pruningAfter(Duration keep) {
    return new TestConfig(
        requestTtl, rolloutTimeout, pollInterval, maxReplicas, java.util.Optional.of(keep));
  }

  /** The operator's own user name in tests. */
  public static final String OPERATOR = "system:serviceaccount:countersign-system:countersign";

  public static TestConfig defaults() {
    return new TestConfig(Duration.ofHours(1), Duration.ofSeconds(3), Duration.ofMillis(200), 1000);
  }

  @Override
  public String operatorUsername() {
    return OPERATOR;
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
