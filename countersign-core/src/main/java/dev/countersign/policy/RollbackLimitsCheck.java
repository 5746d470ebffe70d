package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.RollbackLimits;
import java.time.Instant;
import java.util.Optional;

/**
 * A rollback may go back at most the rule's {@code maxRevisionsBack} revisions from the current
 * one, counting the revisions {@code kubectl rollout history} lists (so 1 allows only the previous
 * revision).
 */
public final class RollbackLimitsCheck implements RuleCheck {

  @Override
  public Optional<Reason> violation(MatchedRule matched, RequestFacts facts, Instant now) {
    RollbackLimits limits = matched.rule().rollback();
    TargetFacts target = facts.target();
    if (limits == null || limits.maxRevisionsBack() == null || target == null) {
      return Optional.empty();
    }
    var parameters = facts.spec().rollback();
    Optional<Long> wanted =
        parameters != null && parameters.toRevision() != null
            ? Optional.of(parameters.toRevision())
            : target.previousRevision();
    if (wanted.isEmpty() || target.revisions().isEmpty()) {
      return Optional.empty();
    }
    long current =
        target.currentRevision() != null
            ? target.currentRevision()
            : target.revisions().get(target.revisions().size() - 1);
    int back =
        Math.abs(target.revisions().indexOf(current) - target.revisions().indexOf(wanted.get()));
    if (back > limits.maxRevisionsBack()) {
      return Optional.of(
          ReasonCode.RevisionLimit.because(
              "rolling back from revision "
                  + current
                  + " to "
                  + wanted.get()
                  + " goes "
                  + back
                  + " revisions back, more than policy "
                  + matched.policyName()
                  + "'s maxRevisionsBack "
                  + limits.maxRevisionsBack()));
    }
    return Optional.empty();
  }
}
