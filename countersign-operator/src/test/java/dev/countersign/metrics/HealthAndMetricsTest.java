package dev.countersign.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.EmbeddedApiServerResource;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator as Quarkus wires it (CDI, quarkus-operator-sdk, Micrometer, SmallRye
 * Health) on an embedded API server: health means the operator runs, and the metrics the README
 * lists appear once a request has been processed.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedApiServerResource.class, restrictToAnnotatedClass = true)
class HealthAndMetricsTest {
  private static final String NAMESPACE = "metrics";

  @TestHTTPResource("/q/health/ready")
  URI ready;

  @TestHTTPResource("/q/health/live")
  URI live;

  @TestHTTPResource("/q/metrics")
  URI metrics;

  @Test
  void healthIsUpOnceTheOperatorRuns() throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(get(ready).statusCode()).isEqualTo(200));
    assertThat(get(ready).body())
        .contains(
            "\"status\": \"UP\"",
            "Quarkus Operator SDK health check",
            // ready means ready to decide fast: the JVM has decided made-up requests first
            "countersign decision warm-up");
    assertThat(get(live).statusCode()).isEqualTo(200);
  }

  @Inject KubernetesClient client;

  /** {@link dev.countersign.config.ClientMapper}: what the informer caches shares equal values. */
  @Test
  void theClientReadsEqualShortValuesAsOneString() {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},"
            + "\"data\":{\"phase\":\"Evaluated\"}}";
    ConfigMap first = client.getKubernetesSerialization().unmarshal(json.formatted("a"));
    ConfigMap second = client.getKubernetesSerialization().unmarshal(json.formatted("b"));
    assertThat(second.getData().get("phase")).isSameAs(first.getData().get("phase"));
    assertThat(second.getMetadata().getName()).isEqualTo("b");
  }

  @Test
  void theDocumentedMetricsAppearAfterARequestIsProcessed() throws Exception {
    EmbeddedApiServer api = EmbeddedApiServerResource.server();
    KubernetesClient client = api.client();
    client.resource(TestWorkloads.namespace(NAMESPACE)).create();
    try (var controllers = new SimulatedWorkloadController(client, NAMESPACE).start()) {
      client.resource(TestWorkloads.deployment(NAMESPACE, "web", 3, "nginx:1.27")).create();
      client.resource(AgentPolicies.forNamespace(NAMESPACE).allowScale(1, 10).build()).create();
      ActionRequest request = ActionRequests.scale("web", 4).in(NAMESPACE).build();
      api.fileAsRequester(request);
      ActionRequest denied = ActionRequests.scale("web", 40).in(NAMESPACE).build();
      api.fileAsRequester(denied);

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                      .resources(ActionRequest.class)
                      .inNamespace(NAMESPACE)
                      .list()
                      .getItems()
                      .stream()
                      .allMatch(r -> r.phase().isTerminal()));
    }
    assertThat(
            client
                .resources(ActionRequest.class)
                .inNamespace(NAMESPACE)
                .withName("scale-web-to-4")
                .get()
                .phase())
        .isEqualTo(Phase.Succeeded);

    String text = get(metrics).body();

    assertThat(text)
        .contains("countersign_requests_total{action=\"scale\",outcome=\"succeeded\"} 1.0")
        .contains("countersign_requests_total{action=\"scale\",outcome=\"denied\"} 1.0")
        .contains("countersign_denials_total{reason=\"AboveMax\"} 1.0")
        .contains("countersign_decision_duration_seconds_count{verdict=\"Allowed\"} 1")
        .contains(
            "countersign_execution_duration_seconds_count{action=\"scale\",outcome=\"succeeded\"} 1")
        .contains("countersign_pending_requests{phase=\"AwaitingApproval\"} 0.0")
        .contains("operator_sdk_")
        .as("no metric is tagged per resource: series would grow with every request")
        .doesNotContain("name=\"agents-in-metrics\"", "name=\"scale-web-to-4\"");
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
