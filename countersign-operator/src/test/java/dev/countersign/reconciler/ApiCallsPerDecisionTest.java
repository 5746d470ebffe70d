package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API calls a decision and an execution make, exactly: each one costs the API server (what
 * saturates a real cluster first) and the operator's CPU, so none may creep in unnoticed. The
 * README's "Performance" section says why each is there.
 */
class ApiCallsPerDecisionTest extends FaultTestBase {

  @Test
  void aDryRunDecisionReadsTheTargetWritesStatusAnnotatesAndRecordsOneEvent() {
    startOperator();
    deployment("web", 2, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    ActionRequest request = submit(ActionRequests.scale("web", 3).dryRun().named("dry").build());
    awaitPhase(request, Phase.Evaluated);

    assertThat(operatorCalls("dry", 4))
        .as("a dry run's Event is on the request alone: it asks nothing of the workload")
        .containsExactlyInAnyOrder(
            "GET deployments/web",
            "PUT actionrequests/dry/status",
            "PATCH actionrequests/dry",
            "POST events");
  }

  @Test
  void aScaleReadsNothingItJustWroteAndPatchesTheScaleSubresourceOnce() {
    startOperator();
    deployment("web", 2, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    ActionRequest request = submit(ActionRequests.scale("web", 3).named("real").build());
    finishRolloutsUntil(request, Phase.Succeeded);

    List<String> calls = operatorCalls("real", 1);
    assertThat(calls)
        .as("the operator never reads back an object it has just written or is about to patch")
        .doesNotContain("GET actionrequests/real", "GET deployments/web/scale")
        .containsOnlyOnce("PATCH deployments/web/scale");
  }

  /**
   * Rollouts of the simulated controller complete until the request reaches the phase; a request
   * that ends in another phase fails the test at once, with its status.
   */
  private void finishRolloutsUntil(ActionRequest request, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              finishRollouts();
              ActionRequest now = live(request);
              String story =
                  "phase of %s (status %s)"
                      .formatted(request.getMetadata().getName(), now.getStatus());
              if (now.phase() != null && now.phase().isTerminal() && now.phase() != phase) {
                throw new IllegalStateException("ended early: " + story);
              }
              assertThat(now.phase()).as(story).isEqualTo(phase);
            });
  }

  /**
   * The operator's calls about this request, its target and Events, as {@code METHOD
   * resource[/name[/subresource]]} (watches and lists of the informers left out), once at least
   * {@code atLeast} of them were seen and the Event writer had time to finish.
   */
  private List<String> operatorCalls(String request, int atLeast) {
    await().atMost(Duration.ofSeconds(10)).until(() -> relevant(request).size() >= atLeast);
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    return relevant(request);
  }

  private List<String> relevant(String request) {
    String prefix = "/namespaces/" + namespace + "/";
    return faults.calls(c -> c.fromOperator() && c.path().contains(prefix)).stream()
        .map(c -> c.method() + " " + c.path().substring(c.path().indexOf(prefix) + prefix.length()))
        // informers list and watch whole collections; those are not per-request calls
        .filter(kind -> !kind.startsWith("GET ") || kind.contains("/"))
        .filter(kind -> kind.contains(request) || !kind.contains("actionrequests"))
        .toList();
  }
}
