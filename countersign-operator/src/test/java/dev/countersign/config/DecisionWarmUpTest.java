package dev.countersign.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.harness.TestConfig;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class DecisionWarmUpTest {
  @Test
  void notReadyUntilEveryMadeUpRequestIsDecidedThenReady() {
    // No API server: its calls end at the first (ApiWarmUpTest makes them).
    try (KubernetesClient client = ApiWarmUpTest.unreachable()) {
      DecisionWarmUp warmUp = new DecisionWarmUp(client, TestConfig.defaults(), Clock.systemUTC());
      assertThat(warmUp.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

      warmUp.run();

      HealthCheckResponse ready = warmUp.call();
      assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
      assertThat(ready.getData().orElseThrow())
          .as("every round decided: a warm-up that broke off early would hide it here")
          .containsEntry("decided", (long) DecisionWarmUp.ROUNDS);
    }
  }

  /**
   * The first reading of a workload kind builds Jackson's readers for its whole pod template: the
   * warm-up reads each kind a request can target, so that no first real request pays for it (it was
   * most of a second, LoadBench).
   */
  @Test
  void readsEveryKindARequestCanTarget() {
    assertThat(DecisionWarmUp.WORKLOADS)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(Workload.DEPLOYMENT, Workload.STATEFUL_SET);
  }
}
