package dev.countersign.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * A limit a governing policy as a whole puts on a request (budgets, cooldowns), as opposed to one
 * of its rules ({@link RuleCheck}). Runs once per governing policy that allows the request.
 */
@FunctionalInterface
public interface PolicyCheck {

  /**
   * Why the request breaks the policy's limit, with its code and in words naming the policy; empty
   * when it does not.
   */
  Optional<Reason> violation(IndexedPolicy policy, RequestFacts facts, Instant now);
}
