package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's watch of AgentPolicies and its watch of ActionRequests are independent: a request
 * can arrive before the policy that allows it, and on a busy API server a policy's event can come
 * late. Here the policy watch stays open but delivers nothing, so the informer never sees the
 * policy the request is filed under: the decision and the last check before execution must read the
 * API server's own list, and never end a request on the informer's word alone.
 */
class PolicyInformerLagTest extends FaultTestBase {

  @Test
  void aPolicyTheInformerHasNotSeenStillCarriesTheRequestThroughToExecution() {
    var silenced =
        faults
            .on("GET", Pattern.quote("/apis/countersign.dev/v1alpha1/agentpolicies"))
            .onlyWatches()
            .silence(1_000);
    startOperator();
    deployment("web", 2, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());

    ActionRequest done =
        awaitPhase(submit(ActionRequests.scale("web", 3).build()), Phase.Succeeded);

    assertThat(silenced.applied()).as("the policy watch was silenced").isPositive();
    assertThat(done.getStatus().message()).contains("successfully rolled out");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
  }
}
