package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.fixtures.MalformedPolicies;
import dev.countersign.fixtures.Policies;
import dev.countersign.fixtures.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed guardrail field is reported with its path, and makes the policy allow nothing:
 * the request it alone would have allowed is denied by default, naming the problem.
 */
class GuardrailsValidatorTest {

  static List<MalformedPolicies.Row> rows() {
    return MalformedPolicies.rows();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aMalformedFieldIsReportedAndThePolicyAllowsNothing(MalformedPolicies.Row row) {
    Policies.Builder policy = row.breaks().apply(Policies.allowScale("p"));

    assertThat(PolicyValidator.problems(policy.spec())).containsExactly(row.problem());
    var decision =
        new PolicyEvaluator(Requests.LIMITS)
            .evaluate(Requests.scale("web", 4).build(), List.of(policy.build()), Requests.NOW);
    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons()).contains("p: invalid: " + row.problem());
  }

  @Test
  void everyGuardrailTogetherIsValid() {
    var policy =
        Policies.allowScale("p")
            .minReplicas(1)
            .maxReplicas(10)
            .maxStepUp("50%")
            .maxStepDown("2")
            .approval(Policies.approvalUnless("2", "1", "alice"))
            .budget("1h", 5, 2)
            .cooldown("10m")
            .freeze("weekend", "0 18 * * FRI", "62h", "Europe/Berlin")
            .freeze("nights", "0 22 * * MON-THU", "9h", "America/New_York")
            .mode("Audit")
            .rule(
                new dev.countersign.api.v1alpha1.agentpolicy.PolicyRule(
                    "rollback",
                    "Allow",
                    null,
                    null,
                    new dev.countersign.api.v1alpha1.agentpolicy.RollbackLimits(2)));

    assertThat(PolicyValidator.problems(policy.spec())).isEmpty();
  }
}
