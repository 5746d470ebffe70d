package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one policy governs a request, and through which rules. A policy governs it when it is
 * valid, the requester is among its subjects, its targets cover the workload, and it has a rule for
 * the action. Otherwise {@link #whyNot()} says, in words, the first of these that failed.
 *
 * @param policy the policy
 * @param rules its rules for the request's action; empty when it does not govern the request
 * @param whyNot why it does not govern the request; empty when it does
 */
public record PolicyApplicability(
    IndexedPolicy policy, List<PolicyRule> rules, Optional<String> whyNot) {

  public PolicyApplicability {
    rules = List.copyOf(rules);
  }

  /** Assesses one policy against a request that {@link RequestValidator} found well-formed. */
  public static PolicyApplicability assess(
      IndexedPolicy policy, RequestFacts facts, Action action) {
    if (!policy.valid()) {
      return notApplying(policy, "invalid: " + String.join("; ", policy.problems()));
    }
    var spec = facts.spec();
    var policySpec = policy.snapshot().spec();
    if (!SubjectMatcher.matches(policySpec.subjects(), spec.requester(), spec.requesterGroups())) {
      return notApplying(policy, "requester is not among its subjects");
    }
    List<String> mismatches = TargetMatcher.mismatches(policySpec.targets(), facts);
    if (!mismatches.isEmpty()) {
      return notApplying(policy, String.join("; ", mismatches));
    }
    List<PolicyRule> rules =
        policySpec.rules().stream()
            .filter(Objects::nonNull)
            .filter(r -> action.wireName().equals(r.action()))
            .toList();
    if (rules.isEmpty()) {
      return notApplying(policy, "no rule for action " + action.wireName());
    }
    return new PolicyApplicability(policy, rules, Optional.empty());
  }

  private static PolicyApplicability notApplying(IndexedPolicy policy, String why) {
    return new PolicyApplicability(policy, List.of(), Optional.of(why));
  }

  /** Whether the policy governs the request and is in Audit mode. */
  public boolean audits() {
    return applies() && policy.snapshot().spec().audits();
  }

  /** Whether the policy governs the request. */
  public boolean applies() {
    return whyNot.isEmpty();
  }

  /** Whether the policy governs the request and one of its rules forbids the action. */
  public boolean forbids() {
    return rules.stream().anyMatch(PolicyRule::denies);
  }

  /** The rules through which it allows the action, each with this policy. */
  public List<MatchedRule> allowRules() {
    return rules.stream()
        .filter(r -> !r.denies())
        .map(r -> new MatchedRule(policy.snapshot(), r))
        .toList();
  }
}
