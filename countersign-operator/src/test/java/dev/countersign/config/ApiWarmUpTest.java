package dev.countersign.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.harness.TestConfig;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's API calls reach the API server as the operator and are all answered Not Found: they
 * can neither read nor change anything in the cluster.
 */
class ApiWarmUpTest {

  @Test
  void everyCallIsAnsweredNotFoundAndNothingIsWritten() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient operator = api.clientAs(Identities.OPERATOR)) {
      ApiWarmUp.Answers answers = new ApiWarmUp(operator).run(40, Duration.ofSeconds(30));

      assertThat(answers.stoppedBecause()).isNull();
      assertThat(answers.byCode())
          .as(
              "three calls a round, each answered 404 (a 403 would mean the chart's RBAC lacks one)")
          .isEqualTo(Map.of(404, 120));
      assertThat(api.client().resources(ActionRequest.class).inAnyNamespace().list().getItems())
          .isEmpty();
      assertThat(api.client().namespaces().withName(ApiWarmUp.NOWHERE).get()).isNull();
    }
  }

  @Test
  void readinessCountsTheAnswers() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient operator = api.clientAs(Identities.OPERATOR)) {
      DecisionWarmUp warmUp =
          new DecisionWarmUp(operator, TestConfig.defaults(), Clock.systemUTC());
      warmUp.run();

      HealthCheckResponse ready = warmUp.call();
      assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
      assertThat(ready.getData().orElseThrow())
          .containsEntry("apiAnswers", 3L * TestConfig.defaults().warmUpApiRounds());
    }
  }

  @Test
  void anUnreachableApiServerEndsTheCallsAtOnce() {
    try (KubernetesClient nowhere = unreachable()) {
      long start = System.nanoTime();
      ApiWarmUp.Answers answers = new ApiWarmUp(nowhere).run(300, Duration.ofSeconds(30));

      assertThat(answers.stoppedBecause()).isEqualTo("the API server could not be reached");
      assertThat(answers.total()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  /** A client of an address where no API server listens, which does not retry. */
  static KubernetesClient unreachable() {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }
}
