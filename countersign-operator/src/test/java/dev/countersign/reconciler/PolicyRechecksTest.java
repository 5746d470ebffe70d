package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.MalformedPolicies;
import dev.countersign.harness.WithoutApiServerValidation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed policy, including those the CRD schema refuses, reaches the operator on a cluster
 * that lets it through (as one whose CRDs were installed without their schema): the operator finds
 * the problem itself, marks the policy Ready=False, and lets it allow nothing.
 */
@WithoutApiServerValidation
class PolicyRechecksTest extends MalformedPolicyTestBase {

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedPolicyIsNotReadyAndTheRequestItAloneWouldAllowIsDenied(MalformedPolicies.Row row) {
    deployment("web", 3, "nginx:1.27");
    AgentPolicy policy = client.resource(broken(row)).create();

    assertInvalidAndAllowsNothing(policy.getMetadata().getName(), row);
  }
}
