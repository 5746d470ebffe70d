package dev.countersign.audit;

import dev.countersign.kube.Patches;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events with a reason from {@link EventReason}. An Event with the same object,
 * reason and message is not repeated: its count goes up, as kubectl's own recorder does. An Event
 * that reports a decision carries the decision's reason codes in the annotation {@link
 * AuditAnnotations#REASON_CODES}, for whatever reads Events by machine.
 *
 * <p>Events are best effort and off the reconciliation's critical path: they are written by {@link
 * #WRITERS} background threads, each with a bounded queue (when it is full, new Events are dropped
 * with a warning rather than slowing decisions down). An Event always goes to the same writer, so
 * the writes of one Event (its creation, then its count) keep their order. One writer could not
 * keep up with a burst: at ~300 decisions/s (LoadBench's cache fill) it wrote one Event in five
 * while the burst lasted and held ~7,600 in its queue, close to dropping them. Writing them during
 * the burst costs the decisions some of the two cores (LoadBench A/B: 290 → 226 decisions/s at
 * saturation; no difference at 20/s or 100/s), which the audit trail is worth. Failing to write one
 * is logged and never fails the reconciliation.
 */
public class EventRecorder {
  /** The component named as the source of every Event. */
  public static final String COMPONENT = "countersign";

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  /** Background threads writing Events; each writes its share of them in order. */
  static final int WRITERS = 4;

  /** Events waiting to be written, per writer. */
  private static final int QUEUE = 2_500;

  private static final int REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final List<ThreadPoolExecutor> writers;

  /**
   * The count of each Event written recently, by namespace/name, so a repeat needs no read before
   * the update. Only the count is kept: the Events themselves would hold the heap's biggest share
   * after the informer caches.
   */
  private final Map<String, Integer> recent =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
              return size() > REMEMBERED;
            }
          });

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.writers = IntStream.range(0, WRITERS).mapToObj(EventRecorder::writer).toList();
  }

  private static ThreadPoolExecutor writer(int number) {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE),
        runnable -> {
          Thread thread = new Thread(runnable, "countersign-events-" + number);
          thread.setDaemon(true);
          return thread;
        },
        (runnable, executor) ->
            LOG.warn(
                executor.isShutdown()
                    ? "the operator is stopping; an Event after the last one was not written"
                    : "the Event queue is full; an Event was dropped"));
  }

  public void normal(HasMetadata object, EventReason reason, String message) {
    record(object, "Normal", reason, message, List.of());
  }

  public void warning(HasMetadata object, EventReason reason, String message) {
    record(object, "Warning", reason, message, List.of());
  }

  /** An Event that reports a decision with these reason codes (none: no annotation). */
  public void decision(
      HasMetadata object,
      boolean warning,
      EventReason reason,
      String message,
      List<String> reasonCodes) {
    record(object, warning ? "Warning" : "Normal", reason, message, reasonCodes);
  }

  /** Waits (briefly) for queued Events to be written, e.g. before the operator stops. */
  public void close() {
    writers.forEach(ThreadPoolExecutor::shutdown);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      for (ThreadPoolExecutor writer : writers) {
        writer.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(
      HasMetadata object, String type, EventReason reason, String text, List<String> codes) {
    String message =
        text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default" // where Kubernetes keeps Events about cluster-scoped objects
            : object.getMetadata().getNamespace();
    String name = object.getMetadata().getName() + "." + digest(object, reason, message);
    String now = clock.instant().toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withAnnotations(
                codes.isEmpty()
                    ? null
                    : Map.of(AuditAnnotations.REASON_CODES, String.join(",", codes)))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withNamespace(object.getMetadata().getNamespace())
                    .withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason.name())
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    writers.get(Math.floorMod(name.hashCode(), writers.size())).execute(() -> write(event, now));
  }

  private void write(Event event, String now) {
    String key = event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
    var events = client.v1().events().inNamespace(event.getMetadata().getNamespace());
    try {
      Integer count = recent.get(key);
      if (count == null) {
        try {
          recent.put(key, countOf(events.resource(event).create()));
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          Event known = events.withName(event.getMetadata().getName()).get();
          if (known == null) {
            return;
          }
          count = countOf(known);
        }
      }
      recent.put(
          key,
          countOf(
              Patches.merge(
                  client,
                  Event.class,
                  event.getMetadata().getNamespace(),
                  event.getMetadata().getName(),
                  Serialization.asJson(Map.of("count", count + 1, "lastTimestamp", now)))));
    } catch (RuntimeException e) {
      // Best effort: a rejected write, or a client already closed at shutdown, costs one Event.
      recent.remove(key);
      LOG.warnf(
          "could not record event %s on %s %s: %s",
          event.getReason(),
          event.getInvolvedObject().getKind(),
          event.getInvolvedObject().getName(),
          e.getMessage());
    }
  }

  /** An Event's count as the API server holds it; an Event without one has been seen once. */
  private static int countOf(Event event) {
    return event == null || event.getCount() == null ? 1 : event.getCount();
  }

  private static String digest(HasMetadata object, EventReason reason, String message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(object.getMetadata().getUid()).getBytes(StandardCharsets.UTF_8));
      sha.update(reason.name().getBytes(StandardCharsets.UTF_8));
      sha.update(message.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
