package dev.countersign.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.fixtures.ActionRequestSpecs;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ScaleExecutorTest {

  static final String NS = "shop";
  static final Instant NOW = Instant.parse("2026-11-21T23:50:00.123Z");

  static KubernetesClient client;

  Workloads workloads;
  ScaleExecutor scale;

  @BeforeEach
  void setUp() {
    workloads = new Workloads(client);
    scale = new ScaleExecutor(workloads);
  }

  @Test
  void planRecordsReplicasFromAndToAndTheRolloutDeadline() {
    client.resource(TestWorkloads.deployment(NS, "plan", 3)).create();

    ExecutionRecord intent =
        scale.plan(
            live("Deployment", "plan"),
            ActionRequestSpecs.scale("Deployment", "plan", 8),
            NOW,
            Duration.ofMinutes(5));

    assertThat(intent.changes()).containsExactly(new Change("spec.replicas", "3", "8"));
    assertThat(intent.startedAt()).isEqualTo("2026-11-21T23:50:00Z");
    assertThat(intent.rolloutDeadline()).isEqualTo("2026-11-21T23:55:00Z");
    assertThat(intent.revision()).isNull();
    assertThat(intent.finishedAt()).isNull();
  }

  @Test
  void scaleSetsReplicasThroughTheScaleSubresourceAndIsAppliedBecomesTrue() {
    client.resource(TestWorkloads.deployment(NS, "web", 3)).create();
    Workload before = live("Deployment", "web");
    ExecutionRecord intent =
        scale.plan(
            before, ActionRequestSpecs.scale("Deployment", "web", 8), NOW, Duration.ofMinutes(5));
    assertThat(scale.isApplied(before, intent)).isFalse();

    scale.apply(before, intent);

    Workload after = live("Deployment", "web");
    assertThat(after.replicas()).isEqualTo(8);
    assertThat(after.template()).isEqualTo(before.template());
    assertThat(scale.isApplied(after, intent)).isTrue();
  }

  @Test
  void scaleSetsTheReplicasOfAStatefulSet() {
    client.resource(TestWorkloads.statefulSet(NS, "db", 3)).create();
    Workload before = live("StatefulSet", "db");
    ExecutionRecord intent =
        scale.plan(
            before, ActionRequestSpecs.scale("StatefulSet", "db", 1), NOW, Duration.ofMinutes(5));

    scale.apply(before, intent);

    assertThat(live("StatefulSet", "db").replicas()).isEqualTo(1);
    assertThat(scale.isApplied(live("StatefulSet", "db"), intent)).isTrue();
  }

  @Test
  void planRefusesAScaleWithoutReplicas() {
    client.resource(TestWorkloads.deployment(NS, "noreplicas", 3)).create();
    var spec = ActionRequestSpecs.restart("Deployment", "noreplicas");

    assertThatThrownBy(
            () -> scale.plan(live("Deployment", "noreplicas"), spec, NOW, Duration.ofMinutes(5)))
        .isInstanceOf(ExecutionRefused.class)
        .hasMessage("action scale needs spec.scale.replicas of 0 or more");
  }

  @Test
  void isAppliedComparesWithTheTargetNotTheStartingCount() {
    client.resource(TestWorkloads.deployment(NS, "same", 4)).create();
    ExecutionRecord toFour =
        ActionExecutor.intent(
            NOW, Duration.ofMinutes(1), List.of(new Change("spec.replicas", "2", "4")), null, null);
    ExecutionRecord toTwo =
        ActionExecutor.intent(
            NOW, Duration.ofMinutes(1), List.of(new Change("spec.replicas", "4", "2")), null, null);

    assertThat(scale.isApplied(live("Deployment", "same"), toFour)).isTrue();
    assertThat(scale.isApplied(live("Deployment", "same"), toTwo)).isFalse();
  }

  private Workload live(String kind, String name) {
    return workloads.find(NS, kind, name).orElseThrow();
  }
}
