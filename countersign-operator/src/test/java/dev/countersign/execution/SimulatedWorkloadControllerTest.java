package dev.countersign.execution;

import static dev.countersign.fixtures.TestWorkloads.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SimulatedWorkloadControllerTest {

  static final String NS = "shop";

  static KubernetesClient client;

  SimulatedWorkloadController controller;
  Workloads workloads;

  @BeforeEach
  void startController() {
    workloads = new Workloads(client);
    controller = new SimulatedWorkloadController(client, NS).start();
  }

  @AfterEach
  void stopController() {
    controller.close();
  }

  @Test
  void numbersDeploymentRevisionsLikeKubernetesAndRenumbersTheOneRolledBackTo() {
    client.resource(TestWorkloads.deployment(NS, "web", 3)).create();
    awaitDeploymentRevision("web", 1);

    setDeploymentImage("web", image("web", "2.0"));
    awaitDeploymentRevision("web", 2);
    assertThat(replicaSetRevisions("web")).containsValues("1", "2").hasSize(2);

    setDeploymentImage("web", image("web", "1.0"));
    awaitDeploymentRevision("web", 3);

    Map<String, String> revisions = replicaSetRevisions("web");
    assertThat(revisions).hasSize(2).containsValues("2", "3");
    ReplicaSet renumbered =
        ownedReplicaSets("web").stream()
            .filter(
                rs ->
                    rs.getMetadata()
                        .getAnnotations()
                        .get(RevisionHistory.REVISION_ANNOTATION)
                        .equals("3"))
            .findFirst()
            .orElseThrow();
    assertThat(renumbered.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image("web", "1.0"));
    assertThat(renumbered.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision-history", "1");
    assertThat(renumbered.getSpec().getTemplate().getMetadata().getLabels())
        .containsKey("pod-template-hash");
    assertThat(workloads.history(find("Deployment", "web")).numbers()).containsExactly(2L, 3L);
  }

  @Test
  void scalingADeploymentCreatesNoRevisionButCompletesTheRollout() {
    client.resource(TestWorkloads.deployment(NS, "api", 2)).create();
    awaitDeploymentRevision("api", 1);

    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("api")
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              return d;
            });

    RolloutTracker tracker = new RolloutTracker();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tracker.check(find("Deployment", "api")) instanceof RolloutState.Complete);
    assertThat(find("Deployment", "api").replicas()).isEqualTo(5);
    assertThat(replicaSetRevisions("api"))
        .containsOnlyKeys(replicaSetRevisions("api").keySet())
        .hasSize(1);
  }

  @Test
  void aRolloutThatNeverFinishesStaysInProgress() {
    controller.setRolloutsComplete(false);
    client.resource(TestWorkloads.deployment(NS, "slow", 3)).create();

    RolloutTracker tracker = new RolloutTracker();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(tracker.check(find("Deployment", "slow")))
                    .isEqualTo(
                        new RolloutState.InProgress("0 out of 3 new replicas have been updated")));
  }

  @Test
  void numbersStatefulSetRevisionsWithControllerRevisions() {
    client.resource(TestWorkloads.statefulSet(NS, "db", 3)).create();
    awaitStatefulSetRevisions("db", 1L);

    client
        .apps()
        .statefulSets()
        .inNamespace(NS)
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
    awaitStatefulSetRevisions("db", 1L, 2L);
    RevisionHistory history = workloads.history(find("StatefulSet", "db"));
    assertThat(history.current()).isEqualTo(2L);
    assertThat(history.find(1).orElseThrow().template().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image("db", "1.0"));
    assertThat(history.find(1).orElseThrow().template().getAdditionalProperties()).isEmpty();
    StatefulSet live = client.apps().statefulSets().inNamespace(NS).withName("db").get();
    assertThat(live.getStatus().getUpdateRevision())
        .isEqualTo(live.getStatus().getCurrentRevision());
    assertThat(new RolloutTracker().check(Workload.of(live)))
        .isInstanceOf(RolloutState.Complete.class);
  }

  private Workload find(String kind, String name) {
    return workloads.find(NS, kind, name).orElseThrow();
  }

  private void setDeploymentImage(String name, String image) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
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
              Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
              assertThat(d.getMetadata().getAnnotations())
                  .containsEntry(RevisionHistory.REVISION_ANNOTATION, String.valueOf(revision));
              assertThat(d.getStatus()).as("status of Deployment %s", name).isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
            });
  }

  private void awaitStatefulSetRevisions(String name, Long... numbers) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(workloads.history(find("StatefulSet", name)).numbers())
                  .containsExactly(numbers);
              StatefulSet s = client.apps().statefulSets().inNamespace(NS).withName(name).get();
              assertThat(s.getStatus().getObservedGeneration())
                  .isEqualTo(s.getMetadata().getGeneration());
            });
  }

  private List<ReplicaSet> ownedReplicaSets(String deployment) {
    String uid =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName(deployment)
            .get()
            .getMetadata()
            .getUid();
    return client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(r -> r.getUid().equals(uid)))
        .toList();
  }

  private String onlyKey(String deployment) {
    assertThat(replicaSetRevisions(deployment)).hasSize(1);
    return replicaSetRevisions(deployment).keySet().iterator().next();
  }

  /** ReplicaSet name to revision annotation. */
  private Map<String, String> replicaSetRevisions(String deployment) {
    Map<String, String> revisions = new TreeMap<>();
    for (ReplicaSet rs : ownedReplicaSets(deployment)) {
      revisions.put(
          rs.getMetadata().getName(),
          rs.getMetadata().getAnnotations().get(RevisionHistory.REVISION_ANNOTATION));
    }
    return revisions;
  }
}
