package dev.countersign.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the operator, under the prefix {@code countersign}. */
@ConfigMapping(prefix = "countersign")
public interface CountersignConfig {

  /** How long a request may wait for approval when its policies set no requestTTL. */
  @WithDefault("1h")
  Duration requestTtl();

  /** How long a rollout may take after Countersign changes a workload before it is Failed. */
  @WithDefault("10m")
  Duration rolloutTimeout();

  /** How often a running rollout, or a request waiting for its target, is checked again. */
  @WithDefault("5s")
  Duration pollInterval();

  /** The largest replica count any request may ask for, whatever the policies say. */
  @WithDefault("1000")
  int maxReplicas();

  /**
   * The operator's own user name as the API server authenticates it. An Approval by this identity
   * never counts (separation of duties). Defaults to the pod's service account, {@code
   * system:serviceaccount:$POD_NAMESPACE:$SERVICE_ACCOUNT_NAME} (the Helm chart sets both from the
   * downward API); outside a pod, {@code system:serviceaccount:countersign-system:countersign}.
   */
  @WithDefault(
      "system:serviceaccount:${POD_NAMESPACE:countersign-system}:${SERVICE_ACCOUNT_NAME:countersign}")
  String operatorUsername();

  /**
   * How long a request is kept after it ended (Denied, Rejected, Expired, Succeeded, Failed,
   * Evaluated) before the operator deletes it, e.g. {@code 2160h} (90 days); unset (the default)
   * keeps every request. The ActionRequests are the audit history ({@code kubectl approve ui} reads
   * them; Events expire after an hour). A request that started executing is kept at least as long
   * as the longest budget window or cooldown of any policy, counted from its start. Pruned requests
   * are counted by the {@code countersign.pruned.requests} metric.
   */
  Optional<Duration> pruneTerminalAfter();

  /**
   * Rounds of a decision's API calls (read a Deployment, write a status, patch annotations) the
   * operator makes before it reports ready, against a namespace that cannot exist, so that every
   * call is answered Not Found and nothing is read or written; {@code 0} makes none. They compile
   * the client's code and open its connections before the first real request ({@link
   * DecisionWarmUp}).
   */
  @WithDefault("300")
  int warmUpApiRounds();

  /** Delivery of notifications to NotificationChannels. */
  Notifications notifications();

  /**
   * How notifications are delivered: at least once per (request, event, channel), recorded in the
   * request's {@code status.notifications}, retried with exponential backoff and jitter.
   */
  interface Notifications {
    /**
     * The only namespace whose NotificationChannels (and the Secrets they name) are read: the
     * operator's own ($POD_NAMESPACE), where the chart grants it a Role to read them.
     */
    @WithDefault("${POD_NAMESPACE:countersign-system}")
    String channelNamespace();

    /**
     * Attempts per notification before it is recorded as Failed (with a NotificationFailed Event).
     */
    @WithDefault("6")
    int maxAttempts();

    /** The wait before the second attempt; it doubles with each attempt (plus up to 50% jitter). */
    @WithDefault("2s")
    Duration initialBackoff();

    /** The longest wait between two attempts. */
    @WithDefault("5m")
    Duration maxBackoff();

    /** How long one attempt may take (connect and answer) before it counts as failed. */
    @WithDefault("10s")
    Duration timeout();
  }

  /** Leader election among operator replicas (the Helm chart turns it on). */
  LeaderElection leaderElection();

  /**
   * Only the replica holding the Lease reconciles; the others wait to take over. Active in the
   * {@code prod} profile (the packaged jar) when enabled.
   */
  interface LeaderElection {
    /** Whether replicas elect a leader through a Lease; off for a single local process. */
    @WithDefault("false")
    boolean enabled();

    /** The name of the Lease. */
    @WithDefault("countersign-operator")
    String leaseName();

    /** The Lease's namespace; defaults to the pod's ($POD_NAMESPACE) or the client's namespace. */
    Optional<String> leaseNamespace();

    /** How long a Lease holds without renewal; a killed leader is replaced after this. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it gives the Lease up. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often replicas try to take or renew the Lease. */
    @WithDefault("2s")
    Duration retryPeriod();
  }
}
