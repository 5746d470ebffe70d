package dev.countersign.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.fixtures.ActionRequestSpecs;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RestartExecutorTest {

  static final String NS = "shop";
  static final Instant NOW = Instant.parse("2026-11-21T23:50:00.987Z");
  static final String FIELD =
      "spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]";

  static KubernetesClient client;

  Workloads workloads;
  RestartExecutor restart;

  @BeforeEach
  void setUp() {
    workloads = new Workloads(client);
    restart = new RestartExecutor(workloads);
  }

  @Test
  void restartSetsTheRestartedAtAnnotationAndASecondApplyIsNotNeeded() {
    client.resource(TestWorkloads.deployment(NS, "web", 3)).create();
    Workload before = live("Deployment", "web");
    ExecutionRecord intent =
        restart.plan(
            before, ActionRequestSpecs.restart("Deployment", "web"), NOW, Duration.ofMinutes(5));

    assertThat(intent.restartedAt()).isEqualTo("2026-11-21T23:50:00Z");
    assertThat(intent.changes())
        .containsExactly(new Change(FIELD, "(none)", "2026-11-21T23:50:00Z"));
    assertThat(restart.isApplied(before, intent)).isFalse();

    restart.apply(before, intent);

    Workload after = live("Deployment", "web");
    assertThat(after.template().getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-21T23:50:00Z");
    assertThat(after.template().getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(after.replicas()).isEqualTo(3);
    assertThat(restart.isApplied(after, intent)).isTrue();
  }

  @Test
  void planRecordsThePreviousRestartAsFrom() {
    Deployment restartedBefore = TestWorkloads.deployment(NS, "again", 2);
    restartedBefore
        .getSpec()
        .getTemplate()
        .getMetadata()
        .setAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-11-20T08:00:00Z"));
    client.resource(restartedBefore).create();

    ExecutionRecord intent =
        restart.plan(
            live("Deployment", "again"),
            ActionRequestSpecs.restart("Deployment", "again"),
            NOW,
            Duration.ofMinutes(5));

    assertThat(intent.changes())
        .containsExactly(new Change(FIELD, "2026-11-20T08:00:00Z", "2026-11-21T23:50:00Z"));
  }

  @Test
  void restartStampsAStatefulSetTemplate() {
    client.resource(TestWorkloads.statefulSet(NS, "db", 3)).create();
    Workload before = live("StatefulSet", "db");
    ExecutionRecord intent =
        restart.plan(
            before, ActionRequestSpecs.restart("StatefulSet", "db"), NOW, Duration.ofMinutes(5));

    restart.apply(before, intent);

    assertThat(restart.isApplied(live("StatefulSet", "db"), intent)).isTrue();
  }

  private Workload live(String kind, String name) {
    return workloads.find(NS, kind, name).orElseThrow();
  }
}
