package dev.countersign.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class WorkloadsTest {

  static KubernetesClient client;

  @Test
  void findsADeploymentOrStatefulSetByKindAndName() {
    client.resource(TestWorkloads.deployment("shop", "web", 3)).create();
    client.resource(TestWorkloads.statefulSet("shop", "db", 2)).create();
    Workloads workloads = new Workloads(client);

    Workload web = workloads.find("shop", "Deployment", "web").orElseThrow();
    assertThat(web.kind()).isEqualTo("Deployment");
    assertThat(web.uid()).isNotBlank();
    assertThat(web.replicas()).isEqualTo(3);
    assertThat(web.generation()).isEqualTo(1);
    assertThat(workloads.find("shop", "StatefulSet", "db").orElseThrow().replicas()).isEqualTo(2);
  }

  @Test
  void findsNothingForAnAbsentWorkloadOrAnUnsupportedKind() {
    client.resource(TestWorkloads.deployment("shop", "present", 1)).create();
    Workloads workloads = new Workloads(client);

    assertThat(workloads.find("shop", "Deployment", "absent")).isEmpty();
    assertThat(workloads.find("shop", "StatefulSet", "present")).isEmpty();
    assertThat(workloads.find("shop", "DaemonSet", "present")).isEmpty();
    assertThat(workloads.find("shop", null, "present")).isEmpty();
  }

  @Test
  void aDeploymentWithoutReplicaSetsHasNoRevisions() {
    client.resource(TestWorkloads.deployment("shop", "fresh", 1)).create();
    Workloads workloads = new Workloads(client);

    RevisionHistory history =
        workloads.history(workloads.find("shop", "Deployment", "fresh").orElseThrow());
    assertThat(history.current()).isNull();
    assertThat(history.revisions()).isEmpty();
    assertThat(history.previous()).isEmpty();
  }
}
