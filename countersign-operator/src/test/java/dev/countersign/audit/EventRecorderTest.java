package dev.countersign.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
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
}
