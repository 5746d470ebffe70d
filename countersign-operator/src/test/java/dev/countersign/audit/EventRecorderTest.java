package dev.countersign.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  private static final Duration ANSWER_DELAY = Duration.ofMillis(500);

  static EmbeddedApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    client.resource(TestWorkloads.namespace("events")).create();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  @Test
  void aRepeatedEventIsCountedNotDuplicated() {
    Deployment web =
        client.resource(TestWorkloads.deployment("events", "web", 1, "nginx:1")).create();
    EventRecorder recorder = new EventRecorder(client, Clock.systemUTC());

    recorder.warning(web, EventReason.Denied, "replicas 50 is above the limit");
    recorder.warning(web, EventReason.Denied, "replicas 50 is above the limit");
    recorder.warning(web, EventReason.Denied, "replicas 50 is above the limit");
    recorder.normal(web, EventReason.Succeeded, "done");
    recorder.close();

    List<Event> events = client.v1().events().inNamespace("events").list().getItems();
    assertThat(events).hasSize(2);
    assertThat(events)
        .filteredOn(e -> e.getReason().equals("Denied"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(3);
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
              assertThat(e.getSource().getComponent()).isEqualTo("countersign");
            });
  }

  @Test
  void aRecorderThatRestartsKeepsCountingTheSameEvent() {
    Deployment api =
        client.resource(TestWorkloads.deployment("events", "api", 1, "nginx:1")).create();
    EventRecorder before = new EventRecorder(client, Clock.systemUTC());
    before.normal(api, EventReason.Executing, "changing spec.replicas 1 → 2");
    before.close();

    EventRecorder after = new EventRecorder(client, Clock.systemUTC());
    after.normal(api, EventReason.Executing, "changing spec.replicas 1 → 2");
    after.close();

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("events").list().getItems())
                    .filteredOn(e -> e.getInvolvedObject().getName().equals("api"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getCount()).isEqualTo(2)));
  }

  @Test
  void anEventThatReportsADecisionCarriesItsReasonCodes() {
    client.resource(TestWorkloads.namespace("decisions")).create();
    Deployment web =
        client.resource(TestWorkloads.deployment("decisions", "web", 1, "nginx:1")).create();
    EventRecorder recorder = new EventRecorder(client, Clock.systemUTC());

    recorder.decision(
        web, true, EventReason.Denied, "replicas 50 is above", List.of("AboveMax", "Cooldown"));
    recorder.normal(web, EventReason.Succeeded, "done");
    recorder.close();

    List<Event> events = client.v1().events().inNamespace("decisions").list().getItems();
    assertThat(events)
        .filteredOn(e -> e.getReason().equals("Denied"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMetadata().getAnnotations())
                    .containsEntry(AuditAnnotations.REASON_CODES, "AboveMax,Cooldown"));
    assertThat(events)
        .filteredOn(e -> e.getReason().equals("Succeeded"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMetadata().getAnnotations()).isNullOrEmpty());
  }

  @Test
  void messagesAreBounded() {
    Deployment db =
        client.resource(TestWorkloads.deployment("events", "db", 1, "nginx:1")).create();
    EventRecorder recorder = new EventRecorder(client, Clock.systemUTC());

    recorder.warning(db, EventReason.Denied, "x".repeat(5000));
    recorder.close();

    assertThat(client.v1().events().inNamespace("events").list().getItems())
        .filteredOn(e -> e.getInvolvedObject().getName().equals("db"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).hasSize(1024).endsWith("..."));
  }

  /**
   * A burst of decisions makes a burst of Events; one writer at a time fell behind it (LoadBench:
   * ~7,600 queued at ~300 decisions/s). The server here answers each Event's creation 500 ms late:
   * one writer sends the next only after that answer, so two never arrive closer than 500 ms.
   */
  @Test
  void eventsAboutDifferentObjectsAreWrittenSideBySide() {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    try (EmbeddedApiServer server =
            EmbeddedApiServer.start(
                ServerOptions.defaults()
                    .around(
                        store ->
                            new Dispatcher() {
                              @Override
                              public MockResponse dispatch(RecordedRequest request) {
                                if (!request.getMethod().equals("POST")
                                    || !request.getPath().endsWith("/events")) {
                                  return store.dispatch(request);
                                }
                                arrivals.add(System.nanoTime());
                                return store.dispatch(request).setBodyDelay(ANSWER_DELAY);
                              }
                            }));
        KubernetesClient admin = server.client()) {
      admin.resource(TestWorkloads.namespace("burst")).create();
      EventRecorder recorder = new EventRecorder(admin, Clock.systemUTC());
      for (int i = 0; i < 8; i++) {
        Deployment web =
            admin.resource(TestWorkloads.deployment("burst", "web-" + i, 1, "nginx:1")).create();
        recorder.normal(web, EventReason.Evaluated, "dry run " + i);
      }
      recorder.close();

      assertThat(arrivals).hasSize(8);
      List<Long> sorted = arrivals.stream().sorted().toList();
      long closest =
          IntStream.range(1, sorted.size())
              .mapToLong(i -> sorted.get(i) - sorted.get(i - 1))
              .min()
              .orElseThrow();
      assertThat(Duration.ofNanos(closest))
          .as("the closest two Events' creations arrived this far apart")
          .isLessThan(ANSWER_DELAY.dividedBy(2));
    }
  }
}
