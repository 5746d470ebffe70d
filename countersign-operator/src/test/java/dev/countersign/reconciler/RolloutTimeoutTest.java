package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.harness.TestConfig;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A rollout that never finishes fails the request after the configured timeout. Its own operator
 * with a short timeout: every other test runs with a long one, so that a slow machine never fails a
 * rollout that does finish.
 */
class RolloutTimeoutTest extends FaultTestBase {

  @Test
  void aRolloutThatNeverFinishesFailsAfterTheTimeout() {
    controllers.setRolloutsComplete(false);
    startOperator(0, TestConfig.defaults().withRolloutTimeout(Duration.ofSeconds(3)));
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());

    ActionRequest failed = awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Failed);

    assertThat(failed.getStatus().message()).startsWith("the rollout did not finish within PT3S");
    assertThat(Conditions.find(failed.getStatus().conditions(), "Executed").getStatus())
        .isEqualTo("False");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(failed).stream().map(Event::getReason))
                    .contains("AutoApproved", "Executing", "Failed"));
  }
}
