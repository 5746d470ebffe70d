package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a request against every AgentPolicy (DESIGN.md, "Decision rules"):
 *
 * <ol>
 *   <li>A request that {@link RequestValidator} finds malformed is Denied with every problem.
 *   <li>The {@link PolicyIndex} offers the policies that could govern the request (by action, kind
 *       and namespace); one governs it when it is valid, names the requester, covers the target and
 *       has a rule for the action ({@link PolicyApplicability}). An invalid policy allows nothing.
 *   <li>Any governing Deny rule wins. Otherwise every governing Allow rule must pass every {@link
 *       RuleCheck} (limits intersect), every governing policy every {@link PolicyCheck} (budgets,
 *       cooldowns) and, when deciding, no governing policy may be inside a change freeze. With no
 *       governing Allow rule the request is Denied by default.
 *   <li>The strictest approval requirement applies ({@link ApprovalCombiner}), after each rule's
 *       {@code autoApproveWhen} ({@link AutoApproval}); the request then NeedsApproval until {@link
 *       RequestExpiry}, or is Allowed outright.
 *   <li>When any governing policy is in Audit mode, the decision is marked {@code mode: Audit}: it
 *       says what would have happened, and nothing executes.
 *   <li>Anything unexpected while deciding is a denial (fail closed); {@code evaluate} never
 *       throws.
 * </ol>
 *
 * <p>Every reason carries its {@link ReasonCode} ({@code Decision.reasonCodes}), and {@code
 * Decision.policies} lists every policy considered and why it did or did not apply ({@link
 * PolicyListing}).
 */
public final class PolicyEvaluator {
  static final String INTERNAL_ERROR =
      "internal error while deciding; the request is denied (fail closed)";

  private static final System.Logger LOG = System.getLogger(PolicyEvaluator.class.getName());

  /**
   * When a decision is made: freezes deny at decision time; at execution time they make it wait.
   */
  private enum Stage {
    DECISION,
    EXECUTION
  }

  private final RequestValidator requestValidator;
  private final List<RuleCheck> checks;
  private final List<PolicyCheck> policyChecks;
  private final RequestExpiry expiry;

  /** An evaluator with the standard checks. */
  public PolicyEvaluator(Limits limits) {
    this(limits, List.of(new ScaleLimitsCheck(), new RollbackLimitsCheck()));
  }

  /** An evaluator with these rule checks and the standard budget and cooldown checks. */
  public PolicyEvaluator(Limits limits, List<RuleCheck> checks) {
    this.requestValidator = new RequestValidator(limits);
    this.checks = List.copyOf(checks);
    this.policyChecks = List.of(new BudgetCheck(), new CooldownCheck());
    this.expiry = new RequestExpiry(limits.defaultRequestTtl());
  }

  /** The decision for a request. Never throws: an error while deciding is a denial. */
  public Decision evaluate(RequestFacts facts, Collection<PolicySnapshot> policies, Instant now) {
    return evaluate(facts, PolicyIndex.of(policies == null ? List.of() : policies), now);
  }

  /** The decision for a request against indexed policies. Never throws. */
  public Decision evaluate(RequestFacts facts, PolicyIndex policies, Instant now) {
    return safely(facts, policies, now, Stage.DECISION);
  }

  /**
   * The decision again, just before execution: the same rules against the live target, history and
   * policies, except that a change freeze does not deny (see {@link #activeFreeze}). Never throws.
   */
  public Decision recheck(RequestFacts facts, PolicyIndex policies, Instant now) {
    return safely(facts, policies, now, Stage.EXECUTION);
  }

  /** The change freeze in force now, among the policies that govern the request, ending last. */
  public Optional<ActiveFreeze> activeFreeze(
      RequestFacts facts, PolicyIndex policies, Instant now) {
    if (!requestValidator.problems(facts).isEmpty()) {
      return Optional.empty();
    }
    Action action = Action.of(facts.spec().action()).orElseThrow();
    return governing(facts, policies, action).stream()
        .flatMap(p -> p.policy().activeFreeze(now).stream())
        .max(Comparator.comparing(ActiveFreeze::endsAt));
  }

  private Decision safely(RequestFacts facts, PolicyIndex policies, Instant now, Stage stage) {
    try {
      return decide(facts, policies, now, stage);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(System.Logger.Level.WARNING, "deciding a request failed; denying it", e);
      return ReasonCode.Error.because(INTERNAL_ERROR).denial(now);
    }
  }

  private static List<PolicyApplicability> governing(
      RequestFacts facts, PolicyIndex policies, Action action) {
    var target = facts.spec().target();
    return policies.candidates(facts.namespace(), target.kind(), action).stream()
        .map(p -> PolicyApplicability.assess(p, facts, action))
        .filter(PolicyApplicability::applies)
        .toList();
  }

  /**
   * What the governing policies say, before the policies are listed.
   *
   * @param verdict the verdict
   * @param reasons every reason, each with its code
   * @param required who must approve, for NeedsApproval
   * @param expiresAt when the request expires, unless it is denied
   */
  private record Judgement(
      Verdict verdict, List<Reason> reasons, RequiredApprovals required, String expiresAt) {
    static Judgement denied(List<Reason> reasons) {
      return new Judgement(Verdict.Denied, reasons, null, null);
    }
  }

  private Decision decide(RequestFacts facts, PolicyIndex index, Instant now, Stage stage) {
    List<Reason> problems = requestValidator.problems(facts);
    if (!problems.isEmpty()) {
      return Reason.denial(problems, now);
    }
    Action action = Action.of(facts.spec().action()).orElseThrow();
    var target = facts.spec().target();
    String onTarget = action.wireName() + " on " + target.kind() + " " + target.name();
    List<PolicyApplicability> assessed =
        index.candidates(facts.namespace(), target.kind(), action).stream()
            .map(p -> PolicyApplicability.assess(p, facts, action))
            .toList();
    List<PolicyApplicability> governing =
        assessed.stream().filter(PolicyApplicability::applies).toList();
    Map<String, PolicyMatch> said = new LinkedHashMap<>();
    Judgement judgement = judge(facts, governing, said, onTarget, now, stage);
    PolicyListing listing = PolicyListing.of(said, assessed, index, facts, action);
    // Default-deny reasons are bounded where they are built, with a count of what was left out.
    List<Reason> reasons =
        governing.isEmpty()
            ? DecisionReasons.defaultDeny(facts, action, listing)
            : judgement.reasons();
    boolean audit = governing.stream().anyMatch(PolicyApplicability::audits);
    return new Decision(
        judgement.verdict(),
        governing.isEmpty()
            ? reasons.stream().map(Reason::message).toList()
            : Reason.words(reasons),
        ReasonCode.distinct(reasons),
        listing.matches(),
        judgement.required(),
        judgement.expiresAt(),
        now.toString(),
        listing.notListed() == 0 ? null : listing.notListed(),
        audit ? AgentPolicySpec.AUDIT : null);
  }

  /** The verdict and reasons; fills {@code said} with what each governing policy said. */
  private Judgement judge(
      RequestFacts facts,
      List<PolicyApplicability> governing,
      Map<String, PolicyMatch> said,
      String onTarget,
      Instant now,
      Stage stage) {
    List<PolicyApplicability> forbidding =
        governing.stream().filter(PolicyApplicability::forbids).toList();
    if (!forbidding.isEmpty()) {
      for (PolicyApplicability p : governing) {
        said.put(
            p.policy().name(),
            p.forbids()
                ? match(p, PolicyRule.DENY, "forbids " + onTarget)
                : match(p, PolicyRule.ALLOW, "would allow " + onTarget + ", but a Deny rule wins"));
      }
      return Judgement.denied(
          forbidding.stream()
              .map(
                  p ->
                      ReasonCode.Forbidden.because(
                          "policy " + p.policy().name() + " forbids " + onTarget))
              .toList());
    }
    if (governing.isEmpty()) {
      return Judgement.denied(List.of());
    }
    List<Reason> violations = new ArrayList<>();
    for (PolicyApplicability policy : governing) {
      List<Reason> own = violations(policy, facts, now, stage);
      violations.addAll(own);
      said.put(
          policy.policy().name(),
          match(
              policy,
              PolicyRule.ALLOW,
              own.isEmpty()
                  ? "allows " + onTarget
                  : "does not allow: "
                      + String.join("; ", own.stream().map(Reason::message).toList())));
    }
    if (!violations.isEmpty()) {
      return Judgement.denied(violations);
    }
    return withApproval(governing, facts, onTarget, now);
  }

  private List<Reason> violations(
      PolicyApplicability policy, RequestFacts facts, Instant now, Stage stage) {
    List<Reason> own = new ArrayList<>();
    for (MatchedRule rule : policy.allowRules()) {
      for (RuleCheck check : checks) {
        check.violation(rule, facts, now).ifPresent(own::add);
      }
    }
    for (PolicyCheck check : policyChecks) {
      check.violation(policy.policy(), facts, now).ifPresent(own::add);
    }
    if (stage == Stage.DECISION) {
      policy
          .policy()
          .activeFreeze(now)
          .ifPresent(f -> own.add(ReasonCode.Frozen.because(f.describe())));
    }
    return own;
  }

  private Judgement withApproval(
      List<PolicyApplicability> governing, RequestFacts facts, String onTarget, Instant now) {
    List<Reason> reasons = new ArrayList<>();
    for (PolicyApplicability policy : governing) {
      reasons.add(
          ReasonCode.Allowed.because("policy " + policy.policy().name() + " allows " + onTarget));
    }
    List<MatchedRule> rules = governing.stream().flatMap(p -> p.allowRules().stream()).toList();
    List<ApprovalRequirement> requirements = new ArrayList<>();
    for (MatchedRule rule : rules) {
      Optional<String> waiver = AutoApproval.waiver(rule, facts);
      waiver.ifPresent(w -> reasons.add(ReasonCode.AutoApproved.because(w)));
      requirements.add(waiver.isPresent() ? null : rule.rule().approval());
    }
    ApprovalCombiner.Outcome approval = ApprovalCombiner.combine(requirements);
    String expiresAt =
        expiry
            .expiresAt(governing.stream().map(p -> p.policy().snapshot()).toList(), now)
            .toString();
    return switch (approval) {
      case ApprovalCombiner.NoneRequired none ->
          new Judgement(Verdict.Allowed, reasons, null, expiresAt);
      case ApprovalCombiner.Unsatisfiable unsatisfiable ->
          Judgement.denied(
              List.of(ReasonCode.ApprovalUnsatisfiable.because(unsatisfiable.reason())));
      case ApprovalCombiner.Required required -> {
        reasons.add(DecisionReasons.needs(required.approvals()));
        yield new Judgement(Verdict.NeedsApproval, reasons, required.approvals(), expiresAt);
      }
    };
  }

  private static PolicyMatch match(PolicyApplicability policy, String effect, String outcome) {
    var snapshot = policy.policy().snapshot();
    return new PolicyMatch(snapshot.name(), snapshot.generation(), effect, outcome);
  }
}
