package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.MalformedPolicies;
import dev.countersign.fixtures.Policies;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;

/** A malformed policy for the test agent and Deployment web, and what must then hold. */
abstract class MalformedPolicyTestBase extends LifecycleTestBase {

  static List<MalformedPolicies.Row> malformed() {
    return MalformedPolicies.rows();
  }

  /** The policy that would allow scaling web to 4, broken as the row says. */
  AgentPolicy broken(MalformedPolicies.Row row) {
    Policies.Builder builder =
        row.breaks()
            .apply(
                Policies.allowScale("agents-in-" + namespace)
                    .serviceAccounts("agents/ops-agent")
                    .namespaces(namespace));
    AgentPolicy policy = new AgentPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(builder.build().name()).build());
    policy.setSpec(builder.spec());
    return policy;
  }

  /**
   * The policy is Ready=False with the row's problem; the request it alone would allow is Denied.
   */
  void assertInvalidAndAllowsNothing(String name, MalformedPolicies.Row row) {
    await()
        .atMost(Duration.ofSeconds(10))
        // The policy's status (and its Ready condition) appear a moment after it is created.
        .ignoreException(NullPointerException.class)
        .untilAsserted(
            () -> {
              var live = client.resources(AgentPolicy.class).withName(name).get();
              var ready = Conditions.find(live.getStatus().conditions(), "Ready");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getMessage()).isEqualTo("invalid, allows nothing: " + row.problem());
            });
    ActionRequest denied =
        operator.awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Denied);

    assertThat(denied.getStatus().decision().reasons())
        .contains(name + ": invalid: " + row.problem());
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
    client.resources(AgentPolicy.class).withName(name).delete();
  }
}
