package dev.countersign.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * One limit that a matching Allow rule puts on a request. Every check runs against every matching
 * Allow rule; any violation denies the request. New limits (step sizes, budgets, cooldowns, freeze
 * windows) are new implementations, passed to {@link PolicyEvaluator#PolicyEvaluator(Limits,
 * java.util.List)}.
 */
@FunctionalInterface
public interface RuleCheck {

  /**
   * Why the request breaks the rule, with its code and in words that name the policy; empty when it
   * does not (or when the check does not concern this rule's action).
   */
  Optional<Reason> violation(MatchedRule rule, RequestFacts facts, Instant now);
}
