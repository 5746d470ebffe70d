package dev.countersign.execution;

import static dev.countersign.fixtures.TestWorkloads.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import dev.countersign.fixtures.ActionRequestSpecs;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RollbackExecutorTest {

  /** Workloads here get their revisions from the simulated controllers. */
  static final String SIMULATED = "simulated";

  /** Workloads here get hand-made ReplicaSets and ControllerRevisions. */
  static final String NS = "shop";

  static final Instant NOW = Instant.parse("2026-11-21T23:50:00Z");
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  static KubernetesClient client;

  Workloads workloads;
  RollbackExecutor rollback;

  @BeforeEach
  void setUp() {
    workloads = new Workloads(client);
    rollback = new RollbackExecutor(workloads);
  }

  @Test
  void rollsBackADeploymentToThePreviousRevision() {
    try (var controller = new SimulatedWorkloadController(client, SIMULATED).start()) {
      client.resource(TestWorkloads.deployment(SIMULATED, "web", 3)).create();
      awaitDeploymentRevision("web", 1);
      setDeploymentImage("web", image("web", "2.0"));
      awaitDeploymentRevision("web", 2);
      setDeploymentImage("web", image("web", "3.0"));
      awaitDeploymentRevision("web", 3);

      Workload before = live(SIMULATED, "Deployment", "web");
      ExecutionRecord intent =
          rollback.plan(before, ActionRequestSpecs.rollback("Deployment", "web"), NOW, TIMEOUT);

      assertThat(intent.revision()).isEqualTo(2L);
      assertThat(intent.changes())
          .containsExactly(
              new Change("spec.template", "revision 3", "revision 2"),
              new Change(
                  "spec.template.spec.containers[app].image",
                  image("web", "3.0"),
                  image("web", "2.0")));
      assertThat(rollback.isApplied(before, intent)).isFalse();

      rollback.apply(before, intent);

      // The controller re-numbers the revision rolled back to, as Kubernetes does: 2 becomes 4.
      awaitDeploymentRevision("web", 4);
      Workload after = live(SIMULATED, "Deployment", "web");
      assertThat(after.template().getSpec().getContainers().get(0).getImage())
          .isEqualTo(image("web", "2.0"));
      assertThat(after.replicas()).isEqualTo(3);
      assertThat(workloads.history(after).numbers()).containsExactly(1L, 3L, 4L);
      assertThat(rollback.isApplied(after, intent)).isTrue();
      assertThat(new RolloutTracker().check(after)).isInstanceOf(RolloutState.Complete.class);
    }
  }

  @Test
  void rollsBackADeploymentToANamedRevision() {
    Deployment web = createDeploymentWithRevisions("named", 3);
    // A ReplicaSet of another Deployment is not a revision of this one.
    Deployment other = client.resource(TestWorkloads.deployment(NS, "other", 1)).create();
    client.resource(TestWorkloads.replicaSet(other, 9, image("other", "9.0"))).create();
    Workload before = Workload.of(web);
    assertThat(workloads.history(before).numbers()).containsExactly(1L, 2L, 3L);

    ExecutionRecord intent =
        rollback.plan(before, ActionRequestSpecs.rollback("Deployment", "named", 1), NOW, TIMEOUT);
    assertThat(intent.revision()).isEqualTo(1L);
    assertThat(intent.changes())
        .first()
        .isEqualTo(new Change("spec.template", "revision 3", "revision 1"));

    rollback.apply(before, intent);

    Workload after = live(NS, "Deployment", "named");
    assertThat(after.template().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image("named", "1.0"));
    assertThat(after.template().getMetadata().getLabels())
        .isEqualTo(Map.of("app", "named"))
        .doesNotContainKey("pod-template-hash");
    assertThat(after.replicas()).isEqualTo(3);
    assertThat(after.annotations())
        .containsEntry(RollbackExecutor.ROLLBACK_ANNOTATION, "revision 1 at 2026-11-21T23:50:00Z");
    assertThat(rollback.isApplied(after, intent)).isTrue();
  }

  @Test
  void isAppliedWhenTheTemplateAlreadyMatchesEvenWithoutCountersignsAnnotation() {
    Deployment web = createDeploymentWithRevisions("matching", 3);
    ExecutionRecord intent =
        rollback.plan(
            Workload.of(web),
            ActionRequestSpecs.rollback("Deployment", "matching", 2),
            NOW,
            TIMEOUT);
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("matching")
        .edit(
            d -> {
              d.getSpec().setTemplate(TestWorkloads.template("matching", image("matching", "2.0")));
              return d;
            });

    assertThat(rollback.isApplied(live(NS, "Deployment", "matching"), intent)).isTrue();
  }

  @Test
  void planRefusesARevisionThatNoLongerExists() {
    Deployment web = createDeploymentWithRevisions("gone", 3);
    ActionRequestSpec spec = ActionRequestSpecs.rollback("Deployment", "gone", 7);

    assertThatThrownBy(() -> rollback.plan(Workload.of(web), spec, NOW, TIMEOUT))
        .isInstanceOf(ExecutionRefused.class)
        .hasMessage("revision 7 of Deployment gone no longer exists (it has revisions 1, 2, 3)");
  }

  @Test
  void planRefusesTheCurrentRevision() {
    Deployment web = createDeploymentWithRevisions("current", 2);
    ActionRequestSpec spec = ActionRequestSpecs.rollback("Deployment", "current", 2);

    assertThatThrownBy(() -> rollback.plan(Workload.of(web), spec, NOW, TIMEOUT))
        .isInstanceOf(ExecutionRefused.class)
        .hasMessage("revision 2 is already the current revision of Deployment current");
  }

  @Test
  void planRefusesWhenThereIsNoEarlierRevision() {
    Deployment web = createDeploymentWithRevisions("first", 1);
    ActionRequestSpec spec = ActionRequestSpecs.rollback("Deployment", "first");

    assertThatThrownBy(() -> rollback.plan(Workload.of(web), spec, NOW, TIMEOUT))
        .isInstanceOf(ExecutionRefused.class)
        .hasMessage("Deployment first has no revision before revision 1 to roll back to");
  }

  @Test
  void planRefusesAPausedDeployment() {
    Deployment paused = TestWorkloads.deployment(NS, "paused", 2);
    paused.getSpec().setPaused(true);
    Workload target = Workload.of(client.resource(paused).create());

    assertThatThrownBy(
            () ->
                rollback.plan(
                    target, ActionRequestSpecs.rollback("Deployment", "paused"), NOW, TIMEOUT))
        .isInstanceOf(ExecutionRefused.class)
        .hasMessage("Deployment paused is paused; resume it before rolling it back");
  }

  @Test
  void rollsBackAStatefulSetThroughControllerRevisions() {
    try (var controller = new SimulatedWorkloadController(client, SIMULATED).start()) {
      client.resource(TestWorkloads.statefulSet(SIMULATED, "db", 3)).create();
      awaitStatefulSetCurrentRevision("db", 1);
      client
          .apps()
          .statefulSets()
          .inNamespace(SIMULATED)
          .withName("db")
          .edit(
              s -> {
                s.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .setImage(image("db", "2.0"));
                return s;
              });
      awaitStatefulSetCurrentRevision("db", 2);

      Workload before = live(SIMULATED, "StatefulSet", "db");
      ExecutionRecord intent =
          rollback.plan(before, ActionRequestSpecs.rollback("StatefulSet", "db"), NOW, TIMEOUT);
      assertThat(intent.revision()).isEqualTo(1L);
      assertThat(intent.changes())
          .containsExactly(
              new Change("spec.template", "revision 2", "revision 1"),
              new Change(
                  "spec.template.spec.containers[app].image",
                  image("db", "2.0"),
                  image("db", "1.0")));

      rollback.apply(before, intent);

      awaitStatefulSetCurrentRevision("db", 3);
      Workload after = live(SIMULATED, "StatefulSet", "db");
      assertThat(after.template().getSpec().getContainers().get(0).getImage())
          .isEqualTo(image("db", "1.0"));
      assertThat(workloads.history(after).numbers()).containsExactly(2L, 3L);
      assertThat(rollback.isApplied(after, intent)).isTrue();
    }
  }

  @Test
  void readsStatefulSetRevisionsFromControllerRevisionData() {
    StatefulSet created =
        client.resource(TestWorkloads.statefulSet(NS, "cache", 2, image("cache", "2.0"))).create();
    client.resource(TestWorkloads.controllerRevision(created, 1, image("cache", "1.0"))).create();
    client.resource(TestWorkloads.controllerRevision(created, 2, image("cache", "2.0"))).create();
    created =
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName("cache")
            .subresource("status")
            .patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"status\":{\"updateRevision\":\"cache-r2\",\"currentRevision\":\"cache-r2\"}}");
    Workload before = Workload.of(created);

    RevisionHistory history = workloads.history(before);
    assertThat(history.current()).isEqualTo(2L);
    assertThat(history.previous().orElseThrow().template())
        .isEqualTo(TestWorkloads.template("cache", image("cache", "1.0")));

    ExecutionRecord intent =
        rollback.plan(before, ActionRequestSpecs.rollback("StatefulSet", "cache"), NOW, TIMEOUT);
    rollback.apply(before, intent);

    Workload after = live(NS, "StatefulSet", "cache");
    assertThat(after.template().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image("cache", "1.0"));
    assertThat(after.template().getAdditionalProperties()).doesNotContainKey("$patch");
    assertThat(rollback.isApplied(after, intent)).isTrue();
  }

  /** A Deployment at revision {@code current} with hand-made ReplicaSets 1..current (image n.0). */
  private Deployment createDeploymentWithRevisions(String name, int current) {
    Deployment d = TestWorkloads.deployment(NS, name, 3, image(name, current + ".0"));
    d.getMetadata()
        .setAnnotations(Map.of(RevisionHistory.REVISION_ANNOTATION, String.valueOf(current)));
    Deployment created = client.resource(d).create();
    for (int n = 1; n <= current; n++) {
      client.resource(TestWorkloads.replicaSet(created, n, image(name, n + ".0"))).create();
    }
    return created;
  }

  private Workload live(String namespace, String kind, String name) {
    return workloads.find(namespace, kind, name).orElseThrow();
  }

  private void setDeploymentImage(String name, String image) {
    client
        .apps()
        .deployments()
        .inNamespace(SIMULATED)
        .withName(name)
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
              return d;
            });
  }

  private void awaitDeploymentRevision(String name, long revision) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Workload w = live(SIMULATED, "Deployment", name);
              assertThat(workloads.history(w).current()).isEqualTo(revision);
              assertThat(new RolloutTracker().check(w)).isInstanceOf(RolloutState.Complete.class);
            });
  }

  private void awaitStatefulSetCurrentRevision(String name, long revision) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Workload w = live(SIMULATED, "StatefulSet", name);
              assertThat(workloads.history(w).current()).isEqualTo(revision);
              assertThat(new RolloutTracker().check(w)).isInstanceOf(RolloutState.Complete.class);
            });
  }
}
