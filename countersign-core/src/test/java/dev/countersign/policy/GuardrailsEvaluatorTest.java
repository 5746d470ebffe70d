package dev.countersign.policy;

import static dev.countersign.fixtures.Policies.approvalUnless;
import static dev.countersign.fixtures.Requests.AGENT;
import static dev.countersign.fixtures.Requests.LIMITS;
import static dev.countersign.fixtures.Requests.NOW;
import static dev.countersign.fixtures.Requests.past;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.fixtures.Policies;
import dev.countersign.fixtures.Requests;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule of the guardrail language (step limits, rollback limits, auto-approval, budgets,
 * cooldowns, freeze windows, audit mode), against a fixed clock: {@link Requests#NOW} is Sunday
 * 2025-06-01 12:00 UTC, and the target Deployment web runs 3 replicas at revision 3 of 1, 2, 3.
 */
class GuardrailsEvaluatorTest {
  private final PolicyEvaluator evaluator = new PolicyEvaluator(LIMITS);

  private static final String OTHER_AGENT = "system:serviceaccount:shop:other";

  static Stream<Arguments> rules() {
    return Stream.of(
        row(
            "a scale-up within maxStepUp is allowed",
            Requests.scale("web", 5),
            List.of(Policies.allowScale("p").maxStepUp("2")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "a scale-up beyond maxStepUp is denied",
            Requests.scale("web", 6),
            List.of(Policies.allowScale("p").maxStepUp("2")),
            Verdict.Denied,
            "scaling from 3 to 6 is a step of 3, more than policy p's maxStepUp 2",
            ReasonCode.StepLimit),
        row(
            "a percentage step is of the current replicas, rounded up",
            Requests.scale("web", 5),
            List.of(Policies.allowScale("p").maxStepUp("50%")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "a scale-up beyond a percentage step is denied with the figures",
            Requests.scale("web", 6),
            List.of(Policies.allowScale("p").maxStepUp("50%")),
            Verdict.Denied,
            "scaling from 3 to 6 is a step of 3, more than policy p's maxStepUp 50% (2 of 3)",
            ReasonCode.StepLimit),
        row(
            "a scale-down beyond maxStepDown is denied",
            Requests.scale("web", 1),
            List.of(Policies.allowScale("p").maxStepDown("1")),
            Verdict.Denied,
            "scaling from 3 to 1 is a step of 2, more than policy p's maxStepDown 1",
            ReasonCode.StepLimit),
        row(
            "step limits are checked against the live replica count",
            Requests.scale("web", 6).currentReplicas(5),
            List.of(Policies.allowScale("p").maxStepUp("1")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "step limits of several policies intersect: the smallest wins",
            Requests.scale("web", 5),
            List.of(
                Policies.allowScale("loose").maxStepUp("5"),
                Policies.allowScale("tight").maxStepUp("1")),
            Verdict.Denied,
            "scaling from 3 to 5 is a step of 2, more than policy tight's maxStepUp 1",
            ReasonCode.StepLimit),
        row(
            "a rollback within maxRevisionsBack is allowed",
            Requests.rollback("web"),
            List.of(Policies.allow("p", "rollback").maxRevisionsBack(1)),
            Verdict.Allowed,
            "policy p allows rollback on Deployment web",
            ReasonCode.Allowed),
        row(
            "a rollback further back than maxRevisionsBack is denied",
            Requests.rollback("web").toRevision(1L),
            List.of(Policies.allow("p", "rollback").maxRevisionsBack(1)),
            Verdict.Denied,
            "rolling back from revision 3 to 1 goes 2 revisions back, more than policy p's"
                + " maxRevisionsBack 1",
            ReasonCode.RevisionLimit),
        row(
            "a small step is auto-approved by autoApproveWhen",
            Requests.scale("web", 5),
            List.of(Policies.allowScale("p").approval(approvalUnless("2", null, "alice"))),
            Verdict.Allowed,
            "policy p auto-approves: a step of 2 is within autoApproveWhen.maxStepUp 2",
            ReasonCode.Allowed,
            ReasonCode.AutoApproved),
        row(
            "a larger step needs the approver",
            Requests.scale("web", 6),
            List.of(Policies.allowScale("p").approval(approvalUnless("2", null, "alice"))),
            Verdict.NeedsApproval,
            "needs 1 approval from users [alice]",
            ReasonCode.Allowed,
            ReasonCode.NeedsApproval),
        row(
            "a direction without an auto-approve bound needs the approver",
            Requests.scale("web", 2),
            List.of(Policies.allowScale("p").approval(approvalUnless("2", null, "alice"))),
            Verdict.NeedsApproval,
            "needs 1 approval from users [alice]",
            ReasonCode.Allowed,
            ReasonCode.NeedsApproval),
        row(
            "auto-approval by one rule does not waive another policy's approval",
            Requests.scale("web", 4),
            List.of(
                Policies.allowScale("p").approval(approvalUnless("2", null, "alice")),
                Policies.allowScale("q").approvedBy("alice")),
            Verdict.NeedsApproval,
            "needs 1 approval from users [alice]",
            ReasonCode.Allowed,
            ReasonCode.AutoApproved,
            ReasonCode.NeedsApproval),
        row(
            "the per-agent budget counts the agent's executed actions in the window",
            Requests.scale("web", 4)
                .ran(past(AGENT, "api", "p", NOW.minus(Duration.ofMinutes(30))))
                .ran(past(AGENT, "db", "p", NOW.minus(Duration.ofMinutes(20)))),
            List.of(Policies.allowScale("p").budget("1h", 2, null)),
            Verdict.Denied,
            "policy p's budget of 2 actions per agent per 1h is used up: agent "
                + AGENT
                + " already ran 2; the next one fits at 2025-06-01T12:30:00Z",
            ReasonCode.BudgetExceeded),
        row(
            "actions older than the budget window do not count",
            Requests.scale("web", 4)
                .ran(past(AGENT, "api", "p", NOW.minus(Duration.ofMinutes(90))))
                .ran(past(AGENT, "db", "p", NOW.minus(Duration.ofMinutes(20)))),
            List.of(Policies.allowScale("p").budget("1h", 2, null)),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "actions another policy allowed do not count against this policy's budget",
            Requests.scale("web", 4)
                .ran(past(AGENT, "api", "other", NOW.minus(Duration.ofMinutes(30))))
                .ran(past(AGENT, "db", "other", NOW.minus(Duration.ofMinutes(20)))),
            List.of(Policies.allowScale("p").budget("1h", 2, null)),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "the per-target budget counts every agent's actions on the target",
            Requests.scale("web", 4)
                .ran(past(OTHER_AGENT, "web", "p", NOW.minus(Duration.ofMinutes(45)))),
            List.of(Policies.allowScale("p").budget("1h", null, 1)),
            Verdict.Denied,
            "policy p's budget of 1 action per target per 1h is used up: Deployment web already"
                + " ran 1; the next one fits at 2025-06-01T12:15:00Z",
            ReasonCode.BudgetExceeded),
        row(
            "a cooldown runs from the end of the last action on the target",
            Requests.scale("web", 4)
                .ran(past(OTHER_AGENT, "web", "x", NOW.minus(Duration.ofMinutes(6)))),
            List.of(Policies.allowScale("p").cooldown("10m")),
            Verdict.Denied,
            "policy p's cooldown of 10m on Deployment web runs until 2025-06-01T12:05:00Z (last"
                + " action: shop/earlier-1748778840)",
            ReasonCode.Cooldown),
        row(
            "after the cooldown the next action is allowed",
            Requests.scale("web", 4)
                .ran(past(OTHER_AGENT, "web", "x", NOW.minus(Duration.ofMinutes(11)))),
            List.of(Policies.allowScale("p").cooldown("10m")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "a cooldown concerns one target only",
            Requests.scale("web", 4)
                .ran(past(OTHER_AGENT, "api", "x", NOW.minus(Duration.ofMinutes(1)))),
            List.of(Policies.allowScale("p").cooldown("10m")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "a request decided during a freeze is denied, naming the window and its end",
            Requests.scale("web", 4),
            List.of(
                Policies.allowScale("p").freeze("weekend", "0 18 * * FRI", "62h", "Europe/Berlin")),
            Verdict.Denied,
            "change freeze weekend (0 18 * * FRI, Europe/Berlin, 62h) of policy p is in effect"
                + " until 2025-06-02 08:00 CEST (2025-06-02T06:00:00Z)",
            ReasonCode.Frozen),
        row(
            "outside its freeze windows a policy allows as usual",
            Requests.scale("web", 4),
            List.of(Policies.allowScale("p").freeze("nights", "0 22 * * *", "8h", "UTC")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed),
        row(
            "a freeze of a policy that does not govern the request does not apply",
            Requests.scale("web", 4),
            List.of(
                Policies.allowScale("p"),
                Policies.allowScale("db").names("db").freeze("always", "* * * * *", "1h", "UTC")),
            Verdict.Allowed,
            "policy p allows scale on Deployment web",
            ReasonCode.Allowed));
  }

  private static Arguments row(
      String sentence,
      Requests.Builder request,
      List<Policies.Builder> policies,
      Verdict verdict,
      String reason,
      ReasonCode... codes) {
    return arguments(sentence, request, policies, verdict, reason, List.of(codes));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void decidesEachRuleOfTheLanguage(
      String sentence,
      Requests.Builder request,
      List<Policies.Builder> policies,
      Verdict verdict,
      String reason,
      List<ReasonCode> codes) {
    Decision decision =
        evaluator.evaluate(
            request.build(), policies.stream().map(Policies.Builder::build).toList(), NOW);

    assertThat(decision.verdict()).as(decision.explanation()).isEqualTo(verdict);
    assertThat(decision.reasons()).contains(reason);
    assertThat(ReasonCode.of(decision)).containsExactlyElementsOf(codes);
  }

  @Test
  void auditModeDecidesAsUsualAndMarksTheDecision() {
    Decision decision =
        evaluator.evaluate(
            Requests.scale("web", 4).build(),
            List.of(Policies.allowScale("pilot").mode("Audit").build()),
            NOW);

    assertThat(decision.verdict()).isEqualTo(Verdict.Allowed);
    assertThat(decision.audit()).isTrue();
    assertThat(decision.explanation())
        .startsWith("Audit (would be Allowed): policy pilot allows scale on Deployment web");
  }

  @Test
  void aRecheckIgnoresFreezesWhichOnlyMakeExecutionWait() {
    var policies =
        PolicyIndex.of(
            List.of(
                Policies.allowScale("p")
                    .freeze("weekend", "0 18 * * FRI", "62h", "Europe/Berlin")
                    .build()));
    var facts = Requests.scale("web", 4).build();

    assertThat(evaluator.recheck(facts, policies, NOW).verdict()).isEqualTo(Verdict.Allowed);
    assertThat(evaluator.activeFreeze(facts, policies, NOW))
        .hasValueSatisfying(
            f -> assertThat(f.endsAt()).isEqualTo(java.time.Instant.parse("2025-06-02T06:00:00Z")));
  }

  @Test
  void theExplanationListsEveryPolicyConsideredWithItsGenerationAndWhy() {
    Decision decision =
        evaluator.evaluate(
            Requests.scale("web", 4).kind("StatefulSet").build(),
            List.of(
                Policies.allowScale("web-scaling").kinds("Deployment").generation(3).build(),
                Policies.allowScale("api-scaling").names("api").build()),
            NOW);

    assertThat(decision.explanation())
        .isEqualTo(
            "Denied: no AgentPolicy allows "
                + AGENT
                + " to scale StatefulSet web in namespace shop; api-scaling: name web is not in"
                + " [api]; web-scaling: kind StatefulSet is not in [Deployment] | policies"
                + " considered: api-scaling (generation 1): name web is not in [api];"
                + " web-scaling (generation 3): kind StatefulSet is not in [Deployment]");
  }
}
