package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides a request against every AgentPolicy (DESIGN.md, "Decision rules"):
 *
 * <ol>
 *   <li>A request that {@link RequestValidator} finds malformed is Denied with every problem.
 *   <li>A policy governs the request when it is valid, names the requester, covers the target and
 *       has a rule for the action ({@link PolicyApplicability}); an invalid policy allows nothing.
 *   <li>Any governing Deny rule wins. Otherwise every governing Allow rule must pass every {@link
 *       RuleCheck}; with no governing Allow rule the request is Denied by default, and the reasons
 *       say why each policy did not apply.
 *   <li>The strictest approval requirement applies ({@link ApprovalCombiner}); the request then
 *       NeedsApproval until {@link RequestExpiry}, or is Allowed outright.
 *   <li>Anything unexpected while deciding is a denial (fail closed); {@code evaluate} never
 *       throws.
 * </ol>
 *
 * <p>{@code Decision.policies} lists the policies that govern the request; when nothing allows it,
 * it lists every policy with why it did not apply.
 */
public final class PolicyEvaluator {
  static final String INTERNAL_ERROR =
      "internal error while deciding; the request is denied (fail closed)";

  private static final System.Logger LOG = System.getLogger(PolicyEvaluator.class.getName());

  private final RequestValidator requestValidator;
  private final List<RuleCheck> checks;
  private final RequestExpiry expiry;

  /** An evaluator with the standard rule checks. */
  public PolicyEvaluator(Limits limits) {
    this(limits, List.of(new ScaleLimitsCheck()));
  }

  /** An evaluator with these rule checks, run in order against every matching Allow rule. */
  public PolicyEvaluator(Limits limits, List<RuleCheck> checks) {
    this.requestValidator = new RequestValidator(limits);
    this.checks = List.copyOf(checks);
    this.expiry = new RequestExpiry(limits.defaultRequestTtl());
  }

  /** The decision for a request. Never throws: an error while deciding is a denial. */
  public Decision evaluate(RequestFacts facts, Collection<PolicySnapshot> policies, Instant now) {
    try {
      return decide(facts, policies == null ? List.of() : policies, now);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(System.Logger.Level.WARNING, "deciding a request failed; denying it", e);
      return new Decision(
          Verdict.Denied,
          List.of(INTERNAL_ERROR),
          List.of(),
          null,
          null,
          now == null ? null : now.toString());
    }
  }

  private Decision decide(RequestFacts facts, Collection<PolicySnapshot> policies, Instant now) {
    String decidedAt = now.toString();
    List<String> problems = requestValidator.problems(facts);
    if (!problems.isEmpty()) {
      return denied(problems, List.of(), decidedAt);
    }
    ActionRequestSpec spec = facts.spec();
    Action action = Action.of(spec.action()).orElseThrow();
    String onTarget =
        action.wireName() + " on " + spec.target().kind() + " " + spec.target().name();

    List<PolicyApplicability> assessed =
        policies.stream()
            .filter(Objects::nonNull)
            .sorted(
                Comparator.comparing(
                    PolicySnapshot::name, Comparator.nullsFirst(String::compareTo)))
            .map(p -> PolicyApplicability.assess(p, facts, action))
            .toList();
    List<PolicyApplicability> governing =
        assessed.stream().filter(PolicyApplicability::applies).toList();

    List<PolicyApplicability> forbidding =
        governing.stream().filter(PolicyApplicability::forbids).toList();
    if (!forbidding.isEmpty()) {
      return forbidden(forbidding, governing, onTarget, decidedAt);
    }
    if (governing.isEmpty()) {
      return defaultDeny(facts, action, assessed, decidedAt);
    }

    List<String> violations = new ArrayList<>();
    List<PolicyMatch> matches = new ArrayList<>();
    for (PolicyApplicability policy : governing) {
      List<String> own = new ArrayList<>();
      for (MatchedRule rule : policy.allowRules()) {
        for (RuleCheck check : checks) {
          check.violation(rule, facts, now).ifPresent(own::add);
        }
      }
      violations.addAll(own);
      String outcome =
          own.isEmpty() ? "allows " + onTarget : "does not allow: " + String.join("; ", own);
      matches.add(match(policy.policy(), PolicyRule.ALLOW, outcome));
    }
    if (!violations.isEmpty()) {
      return denied(violations, matches, decidedAt);
    }
    return withApproval(governing, matches, onTarget, now);
  }

  private Decision withApproval(
      List<PolicyApplicability> governing,
      List<PolicyMatch> matches,
      String onTarget,
      Instant now) {
    List<String> reasons = new ArrayList<>();
    for (PolicyApplicability policy : governing) {
      reasons.add("policy " + policy.policy().name() + " allows " + onTarget);
    }
    List<MatchedRule> rules = governing.stream().flatMap(p -> p.allowRules().stream()).toList();
    ApprovalCombiner.Outcome approval =
        ApprovalCombiner.combine(rules.stream().map(r -> r.rule().approval()).toList());
    String decidedAt = now.toString();
    return switch (approval) {
      case ApprovalCombiner.NoneRequired none ->
          new Decision(Verdict.Allowed, BoundedReasons.of(reasons), matches, null, null, decidedAt);
      case ApprovalCombiner.Unsatisfiable unsatisfiable ->
          denied(List.of(unsatisfiable.reason()), matches, decidedAt);
      case ApprovalCombiner.Required required -> {
        reasons.add(describe(required.approvals()));
        Instant expiresAt =
            expiry.expiresAt(governing.stream().map(PolicyApplicability::policy).toList(), now);
        yield new Decision(
            Verdict.NeedsApproval,
            BoundedReasons.of(reasons),
            matches,
            required.approvals(),
            expiresAt.toString(),
            decidedAt);
      }
    };
  }

  private static Decision forbidden(
      List<PolicyApplicability> forbidding,
      List<PolicyApplicability> governing,
      String onTarget,
      String decidedAt) {
    List<String> reasons =
        forbidding.stream()
            .map(p -> "policy " + p.policy().name() + " forbids " + onTarget)
            .toList();
    List<PolicyMatch> matches =
        governing.stream()
            .map(
                p ->
                    p.forbids()
                        ? match(p.policy(), PolicyRule.DENY, "forbids " + onTarget)
                        : match(
                            p.policy(),
                            PolicyRule.ALLOW,
                            "would allow " + onTarget + ", but a Deny rule wins"))
            .toList();
    return denied(reasons, matches, decidedAt);
  }

  private static Decision defaultDeny(
      RequestFacts facts, Action action, List<PolicyApplicability> assessed, String decidedAt) {
    ActionRequestSpec spec = facts.spec();
    List<String> reasons = new ArrayList<>();
    reasons.add(
        "no AgentPolicy allows "
            + spec.requester()
            + " to "
            + action.wireName()
            + " "
            + spec.target().kind()
            + " "
            + spec.target().name()
            + " in namespace "
            + facts.namespace());
    List<PolicyMatch> matches = new ArrayList<>();
    for (PolicyApplicability policy : assessed) {
      String why = policy.whyNot().orElse("does not apply");
      reasons.add(policy.policy().name() + ": " + why);
      matches.add(match(policy.policy(), null, why));
    }
    return denied(reasons, matches, decidedAt);
  }

  private static String describe(RequiredApprovals required) {
    List<String> who = new ArrayList<>();
    if (!required.users().isEmpty()) {
      who.add("users " + required.users());
    }
    if (!required.groups().isEmpty()) {
      who.add("groups " + required.groups());
    }
    int n = required.minApprovals();
    return "needs "
        + n
        + (n == 1 ? " approval" : " approvals")
        + " from "
        + String.join(" or ", who);
  }

  private static PolicyMatch match(PolicySnapshot policy, String effect, String outcome) {
    return new PolicyMatch(policy.name(), policy.generation(), effect, outcome);
  }

  private static Decision denied(
      List<String> reasons, List<PolicyMatch> matches, String decidedAt) {
    return new Decision(Verdict.Denied, BoundedReasons.of(reasons), matches, null, null, decidedAt);
  }
}
