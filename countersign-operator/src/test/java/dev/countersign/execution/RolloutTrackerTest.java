package dev.countersign.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import org.junit.jupiter.api.Test;

/** Crafted statuses, no API server: the rules of {@code kubectl rollout status}. */
class RolloutTrackerTest {

  final RolloutTracker tracker = new RolloutTracker();

  @Test
  void deploymentIsInProgressUntilItsGenerationIsObserved() {
    Deployment d = deployment(3, 2L);
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).build());

    assertThat(tracker.check(Workload.of(d)))
        .isEqualTo(
            new RolloutState.InProgress(
                "waiting for the Deployment web spec update to be observed"));
  }

  @Test
  void deploymentIsInProgressWhileUpdatedReplicasAreNotAvailable() {
    Deployment d = deployment(3, 2L);
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withUpdatedReplicas(3)
            .withAvailableReplicas(2)
            .build());

    assertThat(tracker.check(Workload.of(d)))
        .isEqualTo(new RolloutState.InProgress("2 of 3 updated replicas are available"));
  }

  @Test
  void deploymentIsInProgressWhileReplicasAreNotUpdatedOrOldOnesRemain() {
    Deployment notUpdated = deployment(3, 2L);
    notUpdated.setStatus(
        new DeploymentStatusBuilder().withObservedGeneration(2L).withUpdatedReplicas(1).build());
    Deployment oldRemain = deployment(3, 2L);
    oldRemain.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(4)
            .withUpdatedReplicas(3)
            .withAvailableReplicas(3)
            .build());

    assertThat(tracker.check(Workload.of(notUpdated)))
        .isEqualTo(new RolloutState.InProgress("1 out of 3 new replicas have been updated"));
    assertThat(tracker.check(Workload.of(oldRemain)))
        .isEqualTo(new RolloutState.InProgress("1 old replicas are pending termination"));
  }

  @Test
  void deploymentIsCompleteWhenAllUpdatedReplicasAreAvailable() {
    Deployment d = deployment(3, 2L);
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withUpdatedReplicas(3)
            .withAvailableReplicas(3)
            .build());

    assertThat(tracker.check(Workload.of(d)))
        .isEqualTo(new RolloutState.Complete("Deployment web successfully rolled out"));
  }

  @Test
  void deploymentScaledToZeroIsCompleteWithNullCounts() {
    Deployment d = deployment(0, 2L);
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).build());

    assertThat(tracker.check(Workload.of(d))).isInstanceOf(RolloutState.Complete.class);
  }

  @Test
  void deploymentFailsWhenItsProgressDeadlineIsExceeded() {
    Deployment d = deployment(3, 2L);
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(4)
            .withUpdatedReplicas(1)
            .addToConditions(
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .withMessage("ReplicaSet \"web-7d4b9\" has timed out progressing.")
                    .build())
            .build());

    assertThat(tracker.check(Workload.of(d)))
        .isEqualTo(
            new RolloutState.Failed(
                "Deployment web exceeded its progress deadline: ReplicaSet \"web-7d4b9\" has timed"
                    + " out progressing."));
  }

  @Test
  void statefulSetIsInProgressUntilPodsAreReadyAndOnTheUpdateRevision() {
    StatefulSet notReady = statefulSet(3, 2L, "RollingUpdate");
    notReady.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReadyReplicas(2)
            .withUpdatedReplicas(3)
            .build());
    StatefulSet oldRevision = statefulSet(3, 2L, "RollingUpdate");
    oldRevision.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReadyReplicas(3)
            .withUpdatedReplicas(1)
            .withCurrentRevision("db-1")
            .withUpdateRevision("db-2")
            .build());

    assertThat(tracker.check(Workload.of(notReady)))
        .isEqualTo(new RolloutState.InProgress("waiting for 1 pods to be ready (2 of 3)"));
    assertThat(tracker.check(Workload.of(oldRevision)))
        .isEqualTo(
            new RolloutState.InProgress(
                "waiting for the rolling update to complete: 1 of 3 pods at revision db-2"));
  }

  @Test
  void statefulSetIsCompleteWhenAllPodsAreReadyAtTheUpdateRevision() {
    StatefulSet s = statefulSet(3, 2L, "RollingUpdate");
    s.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withReadyReplicas(3)
            .withUpdatedReplicas(3)
            .withCurrentRevision("db-2")
            .withUpdateRevision("db-2")
            .build());

    assertThat(tracker.check(Workload.of(s)))
        .isEqualTo(new RolloutState.Complete("rolling update complete: 3 pods at revision db-2"));
  }

  @Test
  void statefulSetWithOnDeleteIsCompleteOnceTheGenerationIsObserved() {
    StatefulSet waiting = statefulSet(3, 2L, "OnDelete");
    waiting.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(1L).build());
    StatefulSet observed = statefulSet(3, 2L, "OnDelete");
    observed.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(2L).build());

    assertThat(tracker.check(Workload.of(waiting))).isInstanceOf(RolloutState.InProgress.class);
    assertThat(tracker.check(Workload.of(observed))).isInstanceOf(RolloutState.Complete.class);
  }

  @Test
  void statefulSetWithAPartitionIsCompleteWhenPodsAbovePartitionAreUpdated() {
    StatefulSet s = statefulSet(5, 2L, "RollingUpdate");
    s.getSpec()
        .getUpdateStrategy()
        .setRollingUpdate(
            new io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategyBuilder()
                .withPartition(3)
                .build());
    s.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReadyReplicas(5)
            .withUpdatedReplicas(2)
            .withCurrentRevision("db-1")
            .withUpdateRevision("db-2")
            .build());

    assertThat(tracker.check(Workload.of(s)))
        .isEqualTo(
            new RolloutState.Complete(
                "partitioned roll out complete: 2 new pods have been updated"));
  }

  private static Deployment deployment(int replicas, long generation) {
    Deployment d = TestWorkloads.deployment("shop", "web", replicas);
    d.getMetadata().setGeneration(generation);
    return d;
  }

  private static StatefulSet statefulSet(int replicas, long generation, String strategy) {
    StatefulSet s = TestWorkloads.statefulSet("shop", "db", replicas);
    s.getMetadata().setGeneration(generation);
    s.getSpec().getUpdateStrategy().setType(strategy);
    return s;
  }
}
