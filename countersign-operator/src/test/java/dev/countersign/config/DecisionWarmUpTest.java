package dev.countersign.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.harness.TestConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class DecisionWarmUpTest {
  @Test
  void notReadyUntilEveryMadeUpRequestIsDecidedThenReady() {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
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
}
