package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.metrics.RequestMetrics;
import dev.countersign.policy.GoDuration;
import dev.countersign.policy.PolicyIndex;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Deletes a request that ended longer ago than {@code countersign.prune-terminal-after}; without
 * the setting, keeps every request. When a request ended is taken from its status: the end of its
 * execution, else the latest condition change, else its decision, else its creation.
 *
 * <p>A request that started executing is what budgets and cooldowns count, read back from the
 * cluster: it is kept at least as long as the longest budget window or cooldown of any policy now,
 * counted from when it started, whatever the setting says. Pruning it sooner would quietly give an
 * agent its budget back.
 */
final class TerminalRetention {
  private static final Logger LOG = Logger.getLogger(TerminalRetention.class);

  private final KubernetesClient client;
  private final Optional<Duration> keep;
  private final RequestMetrics metrics;
  private final Clock clock;

  TerminalRetention(
      KubernetesClient client, Optional<Duration> keep, RequestMetrics metrics, Clock clock) {
    this.client = client;
    this.keep = keep.filter(d -> !d.isNegative() && !d.isZero());
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Prunes the terminal request if its time is up.
   *
   * @return how long until it is due, or empty when it is kept for good or was deleted now
   */
  Optional<Duration> apply(ActionRequest terminal, PolicyIndex policies) {
    if (keep.isEmpty()) {
      return Optional.empty();
    }
    Instant due = ended(terminal).plus(keep.get());
    Optional<Instant> started = started(terminal);
    if (started.isPresent()) {
      Instant counted = started.get().plus(longestWindow(policies));
      due = counted.isAfter(due) ? counted : due;
    }
    Duration left = Duration.between(clock.instant(), due);
    if (left.isPositive()) {
      return Optional.of(left);
    }
    try {
      client.resource(terminal).withTimeout(0, java.util.concurrent.TimeUnit.SECONDS).delete();
      metrics.pruned(terminal);
      LOG.infof(
          "deleted %s/%s: it ended (%s) more than %s ago (countersign.prune-terminal-after)",
          terminal.getMetadata().getNamespace(),
          terminal.getMetadata().getName(),
          terminal.phase(),
          keep.get());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    return Optional.empty();
  }

  /** When the request started executing, if it did: from then on budgets and cooldowns count it. */
  private static Optional<Instant> started(ActionRequest request) {
    ActionRequestStatus status = request.getStatus();
    return status == null || status.execution() == null
        ? Optional.empty()
        : instant(status.execution().startedAt());
  }

  /** The longest budget window or cooldown of any policy (zero when none has one). */
  static Duration longestWindow(PolicyIndex policies) {
    return policies.all().stream()
        .map(p -> p.snapshot().spec())
        .flatMap(
            spec ->
                Stream.of(spec.budget() == null ? null : spec.budget().window(), spec.cooldown()))
        .filter(java.util.Objects::nonNull)
        .map(GoDuration::parse)
        .flatMap(Optional::stream)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /** When the request ended, as its status tells. */
  static Instant ended(ActionRequest request) {
    ActionRequestStatus status = request.getStatus();
    Stream<String> candidates =
        status == null
            ? Stream.empty()
            : Stream.concat(
                Stream.of(
                    status.execution() == null ? null : status.execution().finishedAt(),
                    status.decision() == null ? null : status.decision().decidedAt()),
                status.conditions().stream().map(Condition::getLastTransitionTime));
    return Stream.concat(candidates, Stream.of(request.getMetadata().getCreationTimestamp()))
        .map(TerminalRetention::instant)
        .flatMap(Optional::stream)
        .max(Instant::compareTo)
        .orElse(Instant.EPOCH);
  }

  private static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
