package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A policy's budget: at most {@code maxActionsPerAgent} executed actions by the requester, and at
 * most {@code maxActionsPerTarget} on the target, that this policy allowed and that started within
 * the last {@code window}. Counted from {@link RequestFacts#history()}, which the caller reads from
 * the cluster's ActionRequests.
 */
public final class BudgetCheck implements PolicyCheck {

  @Override
  public Optional<Reason> violation(IndexedPolicy policy, RequestFacts facts, Instant now) {
    Budget budget = policy.snapshot().spec().budget();
    if (budget == null || policy.budgetWindow().isEmpty()) {
      return Optional.empty();
    }
    Duration window = policy.budgetWindow().get();
    Instant since = now.minus(window);
    List<PastAction> inWindow =
        facts.history().stream()
            .filter(a -> a.allowedBy().contains(policy.name()))
            .filter(a -> a.startedAt().isAfter(since) && !a.startedAt().isAfter(now))
            .toList();
    String requester = facts.spec().requester();
    Optional<Reason> perAgent =
        exceeded(
            policy,
            budget.maxActionsPerAgent(),
            "per agent",
            inWindow,
            a -> a.requester().equals(requester),
            window,
            "agent " + requester);
    if (perAgent.isPresent()) {
      return perAgent;
    }
    var target = facts.spec().target();
    return exceeded(
        policy,
        budget.maxActionsPerTarget(),
        "per target",
        inWindow,
        a -> a.sameTarget(facts),
        window,
        target.kind() + " " + target.name());
  }

  private static Optional<Reason> exceeded(
      IndexedPolicy policy,
      Integer max,
      String scope,
      List<PastAction> inWindow,
      Predicate<PastAction> counts,
      Duration window,
      String who) {
    if (max == null) {
      return Optional.empty();
    }
    List<PastAction> counted = inWindow.stream().filter(counts).toList();
    if (counted.size() < max) {
      return Optional.empty();
    }
    Instant frees =
        counted.stream()
            .map(PastAction::startedAt)
            .sorted(Comparator.reverseOrder())
            .skip(max - 1L)
            .findFirst()
            .orElseThrow()
            .plus(window);
    return Optional.of(
        ReasonCode.BudgetExceeded.because(
            "policy "
                + policy.name()
                + "'s budget of "
                + max
                + (max == 1 ? " action " : " actions ")
                + scope
                + " per "
                + policy.snapshot().spec().budget().window()
                + " is used up: "
                + who
                + " already ran "
                + counted.size()
                + "; the next one fits at "
                + frees));
  }
}
