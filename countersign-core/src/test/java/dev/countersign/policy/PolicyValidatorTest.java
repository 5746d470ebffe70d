package dev.countersign.policy;

import static dev.countersign.fixtures.Policies.approvalBy;
import static dev.countersign.fixtures.Policies.requirement;
import static dev.countersign.fixtures.Policies.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.fixtures.Policies;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way an AgentPolicy can be invalid, with the exact problem reported. */
class PolicyValidatorTest {

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        arguments(
            Policies.allowScale("p").noSubjects(),
            List.of("subjects: name at least one service account, user or group")),
        arguments(
            Policies.allowScale("p").serviceAccounts("shop/"),
            List.of("subjects.serviceAccounts[0]: namespace and name are both required")),
        arguments(
            Policies.allowScale("p").withoutMainRule(), List.of("rules: name at least one rule")),
        arguments(
            Policies.allow("p", "delete"),
            List.of(
                "rules[0]: action \"delete\" is not supported; use scale, restart or rollback")),
        arguments(
            Policies.allowScale("p").rule(new PolicyRule("restart", "Maybe", null, null)),
            List.of("rules[1]: effect \"Maybe\" is not Allow or Deny")),
        arguments(
            Policies.allowScale("p").minReplicas(5).maxReplicas(3),
            List.of("rules[0].scale: minReplicas 5 is greater than maxReplicas 3")),
        arguments(
            Policies.allowScale("p").minReplicas(-1),
            List.of("rules[0].scale: minReplicas -1 is negative")),
        arguments(
            Policies.allowScale("p").maxReplicas(-2),
            List.of("rules[0].scale: maxReplicas -2 is negative")),
        arguments(
            Policies.allow("p", "restart").maxReplicas(3),
            List.of("rules[0].scale: scale limits belong to a rule for action scale")),
        arguments(
            Policies.allowScale("p").approval(new ApprovalRequirement(true, null, null)),
            List.of(
                "rules[0].approval: approval is required but no approver user or group is named")),
        arguments(
            Policies.allowScale("p").approval(approvalBy(0, List.of("bob"), List.of())),
            List.of("rules[0].approval: minApprovals 0 must be at least 1")),
        arguments(
            Policies.allowScale("p").approval(approvalBy(11, List.of(), List.of("sre"))),
            List.of("rules[0].approval: minApprovals 11 is more than 10")),
        arguments(
            Policies.allowScale("p").approval(approvalBy(2, List.of("bob"), List.of())),
            List.of(
                "rules[0].approval: minApprovals 2 can never be met by the 1 approver users named"
                    + " [bob]")),
        arguments(
            Policies.deny("p", "scale").approvedBy("bob"),
            List.of("rules[0].approval: a Deny rule takes no approval requirement")),
        arguments(
            Policies.allowScale("p").requestTtl("abc"),
            List.of("requestTTL \"abc\" is not a duration such as 30m or 4h")),
        arguments(
            Policies.allowScale("p").requestTtl("0s"),
            List.of("requestTTL \"0s\" must be longer than zero")),
        arguments(
            Policies.allowScale("p")
                .selector(selector(Map.of(), requirement("tier", "Matches", "x"))),
            List.of(
                "targets.selector.matchExpressions[0]: operator \"Matches\" is not In, NotIn,"
                    + " Exists or DoesNotExist")),
        arguments(
            Policies.allowScale("p")
                .namespaceSelector(selector(Map.of(), requirement("env", "In"))),
            List.of(
                "targets.namespaceSelector.matchExpressions[0]: operator In needs at least one value")),
        arguments(
            Policies.allowScale("p")
                .selector(selector(Map.of(), requirement("tier", "Exists", "x"))),
            List.of("targets.selector.matchExpressions[0]: operator Exists takes no values")),
        arguments(
            Policies.allowScale("p")
                .selector(
                    selector(
                        Map.of(),
                        new dev.countersign.api.v1alpha1.Selector.Requirement("", null, null))),
            List.of(
                "targets.selector.matchExpressions[0]: key is missing",
                "targets.selector.matchExpressions[0]: operator is missing; use In, NotIn, Exists"
                    + " or DoesNotExist")),
        arguments(
            Policies.allowScale("p").kinds("Deployment", "DaemonSet"),
            List.of(
                "targets.kinds[1]: kind DaemonSet is not supported; use Deployment or StatefulSet")),
        arguments(
            Policies.allowScale("p").names("web").selector(selector(Map.of("app", "web"))),
            List.of("targets: give names or a selector, not both")),
        arguments(
            Policies.allowScale("p").noSubjects().minReplicas(5).maxReplicas(3).requestTtl("1d"),
            List.of(
                "subjects: name at least one service account, user or group",
                "rules[0].scale: minReplicas 5 is greater than maxReplicas 3",
                "requestTTL \"1d\" is not a duration such as 30m or 4h")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidPolicies")
  void reportsEveryProblemWithItsField(Policies.Builder policy, List<String> problems) {
    assertThat(PolicyValidator.problems(policy.spec())).containsExactlyElementsOf(problems);
  }

  static Stream<Arguments> validPolicies() {
    return Stream.of(
        arguments(Policies.allowScale("p")),
        arguments(Policies.allowScale("p").minReplicas(2).maxReplicas(2)),
        arguments(Policies.deny("p", "rollback").users("alice")),
        arguments(
            Policies.allowScale("p")
                .groups("agents")
                .approval(approvalBy(2, List.of("bob"), List.of("sre")))
                .requestTtl("1h30m")
                .kinds("Deployment", "StatefulSet")
                .selector(
                    selector(
                        Map.of("app", "web"),
                        requirement("tier", "NotIn", "db"),
                        requirement("canary", "DoesNotExist")))));
  }

  @ParameterizedTest
  @MethodSource("validPolicies")
  void acceptsValidPolicy(Policies.Builder policy) {
    assertThat(PolicyValidator.problems(policy.spec())).isEmpty();
  }

  @Test
  void missingSpecIsAProblem() {
    assertThat(PolicyValidator.problems(null)).containsExactly("spec is missing");
  }
}
