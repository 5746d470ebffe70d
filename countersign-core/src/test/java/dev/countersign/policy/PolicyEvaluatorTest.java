package dev.countersign.policy;

import static dev.countersign.fixtures.Policies.approvalBy;
import static dev.countersign.fixtures.Policies.requirement;
import static dev.countersign.fixtures.Policies.selector;
import static dev.countersign.fixtures.Requests.LIMITS;
import static dev.countersign.fixtures.Requests.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.fixtures.Policies;
import dev.countersign.fixtures.Requests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How policies combine into a decision (DESIGN.md, "Decision rules"). */
class PolicyEvaluatorTest {
  private final PolicyEvaluator evaluator = new PolicyEvaluator(LIMITS);

  private Decision decide(Requests.Builder request, PolicySnapshot... policies) {
    return evaluator.evaluate(request.build(), Arrays.asList(policies), NOW);
  }

  @Test
  void allowsScaleWithinLimits() {
    Decision decision =
        decide(
            Requests.scale("web", 8), Policies.allowScale("web-scaling").maxReplicas(10).build());

    assertThat(decision)
        .isEqualTo(
            new Decision(
                Verdict.Allowed,
                List.of("policy web-scaling allows scale on Deployment web"),
                List.of("Allowed"),
                List.of(
                    new PolicyMatch("web-scaling", 1L, "Allow", "allows scale on Deployment web")),
                null,
                "2025-06-01T13:00:00Z",
                "2025-06-01T12:00:00Z"));
  }

  static Stream<Arguments> scaleLimits() {
    return Stream.of(
        arguments(8, 2, 10, null),
        arguments(2, 2, 10, null),
        arguments(10, 2, 10, null),
        arguments(11, 2, 10, "replicas 11 is above policy web-scaling's maxReplicas 10"),
        arguments(0, 2, 10, "replicas 0 is below policy web-scaling's minReplicas 2"),
        arguments(1, 2, null, "replicas 1 is below policy web-scaling's minReplicas 2"),
        arguments(500, null, null, null));
  }

  @ParameterizedTest(name = "replicas {0} within [{1}, {2}] -> {3}")
  @MethodSource("scaleLimits")
  void deniesScaleOutsideTheRulesReplicaRange(
      int replicas, Integer min, Integer max, String violation) {
    Decision decision =
        decide(
            Requests.scale("web", replicas),
            Policies.allowScale("web-scaling").minReplicas(min).maxReplicas(max).build());

    if (violation == null) {
      assertThat(decision.verdict()).isEqualTo(Verdict.Allowed);
    } else {
      assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
      assertThat(decision.reasons()).containsExactly(violation);
      assertThat(ReasonCode.of(decision))
          .containsExactly(violation.contains("above") ? ReasonCode.AboveMax : ReasonCode.BelowMin);
      assertThat(decision.policies())
          .containsExactly(
              new PolicyMatch("web-scaling", 1L, "Allow", "does not allow: " + violation));
    }
  }

  @Test
  void deniesScaleAboveMaxReplicas() {
    Decision decision =
        decide(
            Requests.scale("web", 20), Policies.allowScale("web-scaling").maxReplicas(10).build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly("replicas 20 is above policy web-scaling's maxReplicas 10");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.AboveMax);
  }

  @Test
  void everyMatchingAllowRuleMustBeSatisfied() {
    Decision decision =
        decide(
            Requests.scale("web", 8),
            Policies.allowScale("wide").maxReplicas(10).build(),
            Policies.allowScale("narrow").maxReplicas(5).build(),
            Policies.allowScale("floor").minReplicas(9).build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly(
            "replicas 8 is below policy floor's minReplicas 9",
            "replicas 8 is above policy narrow's maxReplicas 5");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.BelowMin, ReasonCode.AboveMax);
    assertThat(decision.policies())
        .extracting(PolicyMatch::name, PolicyMatch::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "floor", "does not allow: replicas 8 is below policy floor's minReplicas 9"),
            org.assertj.core.groups.Tuple.tuple(
                "narrow", "does not allow: replicas 8 is above policy narrow's maxReplicas 5"),
            org.assertj.core.groups.Tuple.tuple("wide", "allows scale on Deployment web"));
  }

  @Test
  void denyRuleWinsOverEveryAllow() {
    Decision decision =
        decide(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling").maxReplicas(10).build(),
            Policies.deny("no-scaling-in-shop", "scale").namespaces("shop").generation(7).build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly("policy no-scaling-in-shop forbids scale on Deployment web");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.Forbidden);
    assertThat(decision.policies())
        .containsExactly(
            new PolicyMatch("no-scaling-in-shop", 7L, "Deny", "forbids scale on Deployment web"),
            new PolicyMatch(
                "web-scaling",
                1L,
                "Allow",
                "would allow scale on Deployment web, but a Deny rule wins"));
  }

  @Test
  void denyRuleThatDoesNotMatchTheTargetDoesNotDeny() {
    Decision decision =
        decide(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling").build(),
            Policies.deny("no-scaling-db", "scale").names("db").build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Allowed);
    assertThat(decision.policies())
        .containsExactly(
            new PolicyMatch("web-scaling", 1L, "Allow", "allows scale on Deployment web"),
            new PolicyMatch("no-scaling-db", 1L, null, "name web is not in [db]"));
  }

  @Test
  void defaultDenyNamesThePolicyThatDidNotMatch() {
    Decision decision =
        decide(
            Requests.scale("web", 4).kind("StatefulSet"),
            Policies.allowScale("web-scaling").kinds("Deployment").build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly(
            "no AgentPolicy allows system:serviceaccount:shop:agent to scale StatefulSet web in"
                + " namespace shop",
            "web-scaling: kind StatefulSet is not in [Deployment]");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.NoPolicy);
    assertThat(decision.policies())
        .containsExactly(
            new PolicyMatch("web-scaling", 1L, null, "kind StatefulSet is not in [Deployment]"));
  }

  @Test
  void defaultDenyWhenThereIsNoPolicyAtAll() {
    Decision decision = decide(Requests.restart("web"));

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly(
            "no AgentPolicy allows system:serviceaccount:shop:agent to restart Deployment web in"
                + " namespace shop");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.NoPolicy);
    assertThat(decision.policies()).isEmpty();
  }

  static Stream<Arguments> policiesThatDoNotApply() {
    return Stream.of(
        arguments(
            Requests.scale("web", 4).by("system:serviceaccount:shop:other"),
            Policies.allowScale("web-scaling"),
            "requester is not among its subjects"),
        arguments(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling").namespaces("prod", "staging"),
            "namespace shop is not in [prod, staging]"),
        arguments(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling")
                .namespaceSelector(selector(Map.of("env", "staging"))),
            "namespace shop does not match its namespaceSelector: needs label env=staging"),
        arguments(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling").names("api"),
            "name web is not in [api]"),
        arguments(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling")
                .selector(selector(Map.of(), requirement("tier", "In", "frontend"))),
            "Deployment web does not match its selector: needs label tier in [frontend]"),
        arguments(
            Requests.scale("web", 4).namespace("dev").kind("StatefulSet"),
            Policies.allowScale("web-scaling").namespaces("shop").kinds("Deployment"),
            "namespace dev is not in [shop]; kind StatefulSet is not in [Deployment]"),
        arguments(
            Requests.restart("web"),
            Policies.allowScale("web-scaling"),
            "no rule for action restart"),
        arguments(
            Requests.scale("web", 4),
            Policies.allowScale("web-scaling").minReplicas(5).maxReplicas(3),
            "invalid: rules[0].scale: minReplicas 5 is greater than maxReplicas 3"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("policiesThatDoNotApply")
  void defaultDenyExplainsWhyEachPolicyDidNotApply(
      Requests.Builder request, Policies.Builder policy, String why) {
    Decision decision = decide(request, policy.build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons()).hasSize(2);
    assertThat(decision.reasons().get(0))
        .startsWith("no AgentPolicy allows " + request.spec().requester() + " to ");
    assertThat(decision.reasons().get(1)).isEqualTo("web-scaling: " + why);
    assertThat(ReasonCode.of(decision))
        .containsExactly(
            why.startsWith("invalid: ")
                ? new ReasonCode[] {ReasonCode.NoPolicy, ReasonCode.InvalidPolicy}
                : new ReasonCode[] {ReasonCode.NoPolicy});
    assertThat(decision.policies()).containsExactly(new PolicyMatch("web-scaling", 1L, null, why));
  }

  @Test
  void invalidPolicyNeverAllowsEvenWhenItWouldMatch() {
    PolicySnapshot invalid =
        Policies.allowScale("broken").approval(approvalBy(null, List.of(), List.of())).build();

    Decision decision = decide(Requests.scale("web", 4), invalid);

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .endsWith(
            "broken: invalid: rules[0].approval: approval is required but no approver user or"
                + " group is named");
    assertThat(ReasonCode.of(decision))
        .containsExactly(ReasonCode.NoPolicy, ReasonCode.InvalidPolicy);
    assertThat(decision.policies())
        .containsExactly(
            new PolicyMatch(
                "broken",
                1L,
                null,
                "invalid: rules[0].approval: approval is required but no approver user or group"
                    + " is named"));
  }

  @Test
  void invalidPolicyBesideAValidOneLeavesTheValidOneInCharge() {
    Decision decision =
        decide(
            Requests.scale("web", 4),
            Policies.allowScale("broken").requestTtl("soon").build(),
            Policies.allowScale("web-scaling").build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Allowed);
    assertThat(decision.policies())
        .extracting(PolicyMatch::name)
        .containsExactly("web-scaling", "broken");
    assertThat(decision.policies().get(1).outcome())
        .isEqualTo("invalid: requestTTL \"soon\" is not a duration such as 30m or 4h");
  }

  @Test
  void reasonsAndListedPoliciesAreBoundedWithACountOfWhatWasLeftOut() {
    PolicySnapshot[] policies =
        IntStream.range(0, 25)
            .mapToObj(i -> Policies.allowScale("p%02d".formatted(i)).names("api").build())
            .toArray(PolicySnapshot[]::new);

    Decision decision = decide(Requests.scale("web", 4), policies);

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons()).hasSize(21);
    assertThat(decision.reasons().get(1)).isEqualTo("p00: name web is not in [api]");
    assertThat(decision.reasons().get(19)).isEqualTo("p18: name web is not in [api]");
    assertThat(decision.reasons().get(20)).isEqualTo("... and 6 more, none of which applies");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.NoPolicy);
    assertThat(decision.policies()).hasSize(20);
    assertThat(decision.policiesNotListed()).isEqualTo(5);
    assertThat(decision.explanation()).hasSizeLessThanOrEqualTo(Decision.MAX_EXPLANATION);
    assertThat(decision.explanation()).endsWith("more policies not shown");
  }

  @Test
  void moreThanTwentyViolationsAreCountedInWordsAndEveryCodeIsKept() {
    PolicySnapshot[] policies =
        IntStream.range(0, 25)
            .mapToObj(i -> Policies.allowScale("p%02d".formatted(i)).maxReplicas(3).build())
            .toArray(PolicySnapshot[]::new);
    PolicySnapshot[] withFloor = Arrays.copyOf(policies, 26);
    withFloor[25] = Policies.allowScale("zz-floor").minReplicas(5).build();

    Decision decision = decide(Requests.scale("web", 4), withFloor);

    assertThat(decision.reasons()).hasSize(21);
    assertThat(decision.reasons().get(19))
        .isEqualTo("replicas 4 is above policy p19's maxReplicas 3");
    assertThat(decision.reasons().get(20)).isEqualTo("... and 6 more");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.AboveMax, ReasonCode.BelowMin);
  }

  @Test
  void needsApprovalFromTheRulesApprovers() {
    Decision decision =
        decide(
            Requests.scale("web", 8), Policies.allowScale("web-scaling").approvedBy("bob").build());

    assertThat(decision)
        .isEqualTo(
            new Decision(
                Verdict.NeedsApproval,
                List.of(
                    "policy web-scaling allows scale on Deployment web",
                    "needs 1 approval from users [bob]"),
                List.of("Allowed", "NeedsApproval"),
                List.of(
                    new PolicyMatch("web-scaling", 1L, "Allow", "allows scale on Deployment web")),
                new RequiredApprovals(1, List.of("bob"), List.of()),
                "2025-06-01T13:00:00Z",
                "2025-06-01T12:00:00Z"));
  }

  @Test
  void strictestApprovalOfEveryMatchingRuleApplies() {
    Decision decision =
        decide(
            Requests.scale("web", 8),
            Policies.allowScale("a")
                .approval(approvalBy(1, List.of("bob", "carol"), List.of("sre")))
                .build(),
            Policies.allowScale("b")
                .approval(approvalBy(2, List.of("carol", "dave"), List.of("sre", "dba")))
                .build(),
            Policies.allowScale("c").build());

    assertThat(decision.verdict()).isEqualTo(Verdict.NeedsApproval);
    assertThat(decision.requiredApprovals())
        .isEqualTo(new RequiredApprovals(2, List.of("carol"), List.of("sre")));
    assertThat(decision.reasons())
        .containsExactly(
            "policy a allows scale on Deployment web",
            "policy b allows scale on Deployment web",
            "policy c allows scale on Deployment web",
            "needs 2 approvals from users [carol] or groups [sre]");
    assertThat(ReasonCode.of(decision))
        .containsExactly(ReasonCode.Allowed, ReasonCode.NeedsApproval);
  }

  @Test
  void deniesWhenNoApproverIsNamedByEveryRuleThatRequiresApproval() {
    Decision decision =
        decide(
            Requests.scale("web", 8),
            Policies.allowScale("a").approvedBy("bob").build(),
            Policies.allowScale("b").approvedBy("carol").build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly("no approver is named by every rule that requires approval");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.ApprovalUnsatisfiable);
  }

  @Test
  void deniesWhenTheCombinedQuorumCanNeverBeMet() {
    Decision decision =
        decide(
            Requests.scale("web", 8),
            Policies.allowScale("a").approval(approvalBy(2, List.of("bob", "carol"), null)).build(),
            Policies.allowScale("b").approval(approvalBy(1, List.of("bob", "dave"), null)).build());

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons())
        .containsExactly("2 approvals are needed but only users [bob] may approve");
    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.ApprovalUnsatisfiable);
  }

  static Stream<Arguments> requestTtls() {
    return Stream.of(
        arguments(List.of("30m"), Duration.ofMinutes(30)),
        arguments(List.of("4h"), Duration.ofHours(4)),
        arguments(List.of("1h30m", "4h"), Duration.ofMinutes(90)),
        arguments(List.of("4h", ""), Duration.ofHours(1)),
        arguments(List.of(""), Duration.ofHours(1)));
  }

  @ParameterizedTest(name = "requestTTLs {0} -> {1}")
  @MethodSource("requestTtls")
  void requestExpiresAfterTheShortestRequestTtl(List<String> ttls, Duration expected) {
    List<PolicySnapshot> policies = new ArrayList<>();
    for (int i = 0; i < ttls.size(); i++) {
      String ttl = ttls.get(i).isEmpty() ? null : ttls.get(i);
      policies.add(Policies.allowScale("p" + i).approvedBy("bob").requestTtl(ttl).build());
    }

    Decision decision = evaluator.evaluate(Requests.scale("web", 4).build(), policies, NOW);

    assertThat(decision.verdict()).isEqualTo(Verdict.NeedsApproval);
    assertThat(decision.expiresAt()).isEqualTo(NOW.plus(expected).toString());
  }

  @Test
  void ruleWithoutApprovalAddsNothingToAnotherRulesRequirement() {
    Decision decision =
        decide(
            Requests.scale("web", 8),
            Policies.allowScale("a").build(),
            Policies.allowScale("b").approval(approvalBy(null, List.of(), List.of("sre"))).build());

    assertThat(decision.requiredApprovals())
        .isEqualTo(new RequiredApprovals(1, List.of(), List.of("sre")));
    assertThat(decision.reasons()).last().isEqualTo("needs 1 approval from groups [sre]");
  }

  /**
   * An exception's message can carry anything, a credential included, and a decision is written to
   * status, Events and annotations: it must never repeat the exception. The "secret" here is a
   * made-up marker, only there to be looked for in the decision. (The evaluator logs the exception
   * for the operator's log; surefire keeps that in this class's output file.)
   */
  @Test
  void anErrorWhileDecidingIsADenialWithoutTheStackTrace() {
    String fakeSecret = "FAKE-SECRET-for-this-test-only";
    RuleCheck broken =
        (rule, facts, now) -> {
          throw new IllegalStateException("a message carrying " + fakeSecret);
        };
    PolicyEvaluator failing = new PolicyEvaluator(LIMITS, List.of(broken));

    Decision decision =
        failing.evaluate(
            Requests.scale("web", 4).build(), List.of(Policies.allowScale("p").build()), NOW);

    assertThat(decision)
        .isEqualTo(
            new Decision(
                Verdict.Denied,
                List.of("internal error while deciding; the request is denied (fail closed)"),
                List.of("Error"),
                List.of(),
                null,
                null,
                "2025-06-01T12:00:00Z"));
    assertThat(decision.toString()).doesNotContain(fakeSecret);
  }

  static Stream<Arguments> garbage() {
    RequestFacts valid = Requests.scale("web", 4).build();
    List<PolicySnapshot> allow = List.of(Policies.allowScale("p").build());
    List<PolicySnapshot> onlyNull = Arrays.asList((PolicySnapshot) null);
    return Stream.of(
        arguments("null facts", null, allow, NOW),
        arguments("facts without spec", new RequestFacts("shop", null, null, null), allow, NOW),
        arguments(
            "facts without target facts",
            new RequestFacts("shop", null, Requests.scale("web", 4).spec(), null),
            allow,
            NOW),
        arguments("null policies", valid, null, NOW),
        arguments("only a null policy", valid, onlyNull, NOW),
        arguments("a policy without spec", valid, List.of(new PolicySnapshot("p", 1, null)), NOW),
        arguments(
            "a policy with empty parts",
            valid,
            List.of(new PolicySnapshot("p", 1, new AgentPolicySpec(null, null, null, null))),
            NOW),
        arguments("null clock", valid, allow, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void garbageInputNeverThrowsAndNeverAllows(
      String description,
      RequestFacts facts,
      List<PolicySnapshot> policies,
      java.time.Instant now) {
    Decision decision = evaluator.evaluate(facts, policies, now);

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons()).isNotEmpty();
    assertThat(decision.reasonCodes()).hasSameSizeAs(ReasonCode.of(decision)).isNotEmpty();
  }
}
