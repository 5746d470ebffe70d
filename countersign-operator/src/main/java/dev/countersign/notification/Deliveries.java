package dev.countersign.notification;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.NotificationRecord;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.audit.EventReason;
import dev.countersign.audit.EventRecorder;
import dev.countersign.config.CountersignConfig;
import dev.countersign.execution.Workloads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers the notifications requests are owed ({@link NotificationPlan}), on threads of its own:
 * {@link #offer} only queues work, so a slow or dead receiver never blocks or delays a decision or
 * an execution. Each attempt reads the request first and skips a notification already recorded as
 * settled, posts it (signed as Standard Webhooks for a webhook channel, with the stable {@code
 * webhook-id} of its (request uid, event, channel)), then records the outcome in {@code
 * status.notifications} through the same optimistic-locking status write as every transition.
 * Failures are retried with exponential backoff and jitter up to the configured attempts, then
 * recorded as Failed with a {@code NotificationFailed} Event and counted in {@value #METRIC}.
 *
 * <p>What is in flight is only in memory; what counts is in status. After a restart or a leader
 * failover the new leader's first reconciliation of each request offers what status does not show
 * as settled, so nothing is lost. A notification sent just before the process died and not yet
 * recorded is sent again, with the same {@code webhook-id}: at least once, never silently dropped.
 */
public final class Deliveries implements AutoCloseable {
  /**
   * Counter {@code countersign.notifications{type, event, outcome}}: delivery attempts by channel
   * type (webhook, slack, msteams, unknown when the channel could not be read), event and outcome
   * (sent, retry, failed: the last one given up).
   */
  public static final String METRIC = "countersign.notifications";

  private static final Logger LOG = Logger.getLogger(Deliveries.class);
  private static final int RECORD_CONFLICT_RETRIES = 5;

  private final KubernetesClient client;
  private final ChannelSender sender;
  private final EventRecorder events;
  private final io.micrometer.core.instrument.MeterRegistry registry;
  private final CountersignConfig.Notifications config;
  private final Clock clock;
  private final ChannelHealth health;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor executor;

  public Deliveries(
      KubernetesClient client,
      ChannelCheck channels,
      Workloads workloads,
      HttpClient http,
      EventRecorder events,
      io.micrometer.core.instrument.MeterRegistry registry,
      CountersignConfig.Notifications config,
      ChannelHealth health,
      Clock clock) {
    this.client = client;
    this.sender = new ChannelSender(channels, workloads, http, config, clock);
    this.events = events;
    this.registry = registry;
    this.config = config;
    this.health = health;
    this.clock = clock;
    this.executor =
        new ScheduledThreadPoolExecutor(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "countersign-notifications");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * Queues every notification {@code request} is owed and that is neither settled in its status nor
   * already in flight here. Returns at once.
   */
  public void offer(ActionRequest request, List<AgentPolicy> governing) {
    String uid = request.getMetadata().getUid();
    if (uid == null || request.unreadable().isPresent()) {
      return;
    }
    for (NotificationPlan.Owed owed : NotificationPlan.unsettled(request, governing)) {
      String key = uid + "/" + owed.key();
      if (inFlight.add(key)) {
        Ref ref =
            new Ref(request.getMetadata().getNamespace(), request.getMetadata().getName(), uid);
        submit(() -> attempt(ref, owed, key, 0), Duration.ZERO, key);
      }
    }
  }

  private record Ref(String namespace, String name, String uid) {}

  private void attempt(Ref ref, NotificationPlan.Owed owed, String key, int unrecorded) {
    ActionRequest request;
    try {
      request = read(ref);
    } catch (KubernetesClientException e) {
      retryLater(ref, owed, key, unrecorded + 1, 1);
      return;
    }
    if (request == null) {
      inFlight.remove(key);
      return;
    }
    Optional<NotificationRecord> before = find(request, owed);
    if (before.isPresent() && before.get().settled()) {
      inFlight.remove(key);
      return;
    }
    int attempt = before.map(r -> r.attempts() == null ? 0 : r.attempts()).orElse(0) + 1;
    String id = StandardWebhooks.messageId(ref.uid(), owed.event(), owed.channel());
    ChannelSender.Attempt result = sender.send(request, owed, id);
    if (result.interrupted()) {
      return; // shutting down: the next leader resumes from status
    }
    String now = clock.instant().toString();
    String state =
        result.error() == null
            ? NotificationRecord.SENT
            : attempt >= config.maxAttempts()
                ? NotificationRecord.FAILED
                : NotificationRecord.PENDING;
    NotificationRecord record =
        new NotificationRecord(
            owed.channel(),
            owed.event().name(),
            id,
            state,
            attempt,
            result.error(),
            now,
            result.error() == null ? now : null);
    health.report(owed.channel(), result.error());
    Optional<ActionRequest> written = record(ref, record);
    count(
        result.type(),
        owed.event(),
        result.error() == null
            ? "sent"
            : NotificationRecord.FAILED.equals(state) ? "failed" : "retry");
    if (written.isEmpty()) {
      // Not recorded (the API server did not take the write): try again; a notification that was
      // sent goes out again with the same webhook-id, which is what at-least-once means.
      retryLater(ref, owed, key, unrecorded + 1, attempt);
      return;
    }
    switch (state) {
      case NotificationRecord.SENT -> inFlight.remove(key);
      case NotificationRecord.FAILED -> {
        inFlight.remove(key);
        events.warning(
            written.get(),
            EventReason.NotificationFailed,
            "notification "
                + owed.event()
                + " to NotificationChannel "
                + owed.channel()
                + " failed "
                + attempt
                + " times and is given up: "
                + result.error());
      }
      default -> submit(() -> attempt(ref, owed, key, 0), backoff(attempt), key);
    }
  }

  private void retryLater(
      Ref ref, NotificationPlan.Owed owed, String key, int unrecorded, int attempt) {
    if (unrecorded > config.maxAttempts()) {
      // The request's next reconciliation offers it again.
      inFlight.remove(key);
      LOG.warnf(
          "could not record notification %s for %s/%s; it is offered again on the request's next reconciliation",
          key, ref.namespace(), ref.name());
      return;
    }
    submit(() -> attempt(ref, owed, key, unrecorded), backoff(attempt), key);
  }

  private void submit(Runnable task, Duration delay, String key) {
    Runnable guarded =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            // Whatever went wrong, the notification is not stuck as "in flight": the request's
            // next reconciliation offers it again, resuming from its status.
            inFlight.remove(key);
            LOG.warnf(
                "notification %s: %s; it is offered again", key, e.getClass().getSimpleName());
          }
        };
    try {
      executor.schedule(guarded, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      inFlight.remove(key);
    }
  }

  /**
   * The wait after {@code attempt} failed: doubling from the initial backoff, capped, plus up to
   * 50% jitter.
   */
  Duration backoff(int attempt) {
    long initial = Math.max(1, config.initialBackoff().toMillis());
    long base = Math.min(config.maxBackoff().toMillis(), initial << Math.min(20, attempt - 1));
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  private ActionRequest read(Ref ref) {
    ActionRequest request =
        client
            .resources(ActionRequest.class)
            .inNamespace(ref.namespace())
            .withName(ref.name())
            .get();
    return request == null || !ref.uid().equals(request.getMetadata().getUid()) ? null : request;
  }

  private static Optional<NotificationRecord> find(
      ActionRequest request, NotificationPlan.Owed owed) {
    if (request.getStatus() == null) {
      return Optional.empty();
    }
    return request.getStatus().notifications().stream()
        .filter(r -> owed.channel().equals(r.channel()) && owed.event().name().equals(r.event()))
        .findFirst();
  }

  /**
   * Writes {@code record} into the request's {@code status.notifications}, replacing the one for
   * the same event and channel, with optimistic locking: re-read and retried on a conflict. Empty
   * when it could not be written.
   */
  private Optional<ActionRequest> record(Ref ref, NotificationRecord record) {
    for (int i = 0; i < RECORD_CONFLICT_RETRIES; i++) {
      try {
        ActionRequest request = read(ref);
        if (request == null || request.getStatus() == null) {
          return Optional.empty();
        }
        List<NotificationRecord> records = new ArrayList<>();
        for (NotificationRecord r : request.getStatus().notifications()) {
          if (!(record.channel().equals(r.channel()) && record.event().equals(r.event()))) {
            records.add(r);
          }
        }
        records.add(record);
        if (records.size()
            > dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus.MAX_NOTIFICATIONS) {
          LOG.warnf(
              "%s/%s has more notifications than its status holds; %s is not recorded",
              ref.namespace(), ref.name(), record.id());
          return Optional.empty();
        }
        ActionRequest copy = new ActionRequest();
        copy.setMetadata(request.getMetadata());
        copy.setSpec(request.getSpec());
        copy.setStatus(request.getStatus().withNotifications(records));
        return Optional.of(client.resource(copy).updateStatus());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          LOG.debugf("recording notification %s failed: HTTP %d", record.id(), e.getCode());
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private void count(String type, NotificationEvent event, String outcome) {
    registry.counter(METRIC, "type", type, "event", event.name(), "outcome", outcome).increment();
  }

  /** Stops delivering at once; what was not recorded is resumed from status by the next leader. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
