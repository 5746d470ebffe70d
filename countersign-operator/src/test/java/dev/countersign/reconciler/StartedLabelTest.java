package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.harness.OperatorHarness;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every request that started executing carries {@link ActionRequest#STARTED_LABEL}, so that a
 * reader that needs only those (the MCP door's budget and cooldown counts) can list them by label;
 * a request that never ran does not.
 */
class StartedLabelTest extends LifecycleTestBase {

  @Test
  void aRequestThatRanIsLabelledAndADryRunIsNot() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());

    ActionRequest ran =
        operator.awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Succeeded);
    ActionRequest evaluated =
        operator.awaitPhase(
            submit(ActionRequests.scale("web", 5).dryRun().named("dry").build()), Phase.Evaluated);

    assertThat(ran.getMetadata().getLabels()).containsEntry(ActionRequest.STARTED_LABEL, "true");
    assertThat(Optional.ofNullable(evaluated.getMetadata().getLabels()).orElse(Map.of()))
        .doesNotContainKey(ActionRequest.STARTED_LABEL);
  }

  /** As after an upgrade from an operator that did not write the label. */
  @Test
  void aRequestThatRanWithoutTheLabelGetsItWhenAnOperatorStarts() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    ActionRequest ran =
        operator.awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Succeeded);
    operator.close();
    client
        .resources(ActionRequest.class)
        .inNamespace(namespace)
        .withName(ran.getMetadata().getName())
        .edit(
            r -> {
              r.getMetadata().getLabels().remove(ActionRequest.STARTED_LABEL);
              return r;
            });

    operator = OperatorHarness.start(api);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(ActionRequest.class)
                            .inNamespace(namespace)
                            .withName(ran.getMetadata().getName())
                            .get()
                            .getMetadata()
                            .getLabels())
                    .containsEntry(ActionRequest.STARTED_LABEL, "true"));
  }
}
