package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.metrics.RequestMetrics;
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
  Optional<Duration> apply(ActionRequest terminal) {
    if (keep.isEmpty()) {
      return Optional.empty();
    }
    Instant due = ended(terminal).plus(keep.get());
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
