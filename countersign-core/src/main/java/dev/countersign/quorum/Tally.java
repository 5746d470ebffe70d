package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The count of a request's ballots.
 *
 * @param records every ballot in the order it was counted, with whether it counted and why
 * @param approvedBy the distinct approvers whose approval counted, in order
 * @param rejection the first counted rejection, if any; it ends the request
 * @param needed how many distinct approvals the request needs
 * @param firstExpiry when the first counted approval stops counting (its ttl), if approvals expire
 */
public record Tally(
    List<ApprovalRecord> records,
    List<String> approvedBy,
    Optional<ApprovalRecord> rejection,
    int needed,
    Optional<Instant> firstExpiry) {

  public Tally {
    records = List.copyOf(records);
    approvedBy = List.copyOf(approvedBy);
    rejection = rejection == null ? Optional.empty() : rejection;
    firstExpiry = firstExpiry == null ? Optional.empty() : firstExpiry;
  }

  /** Whether enough distinct allowed approvers approved and nobody allowed rejected. */
  public boolean met() {
    return rejection.isEmpty() && approvedBy.size() >= needed;
  }

  /** Approvals so far out of those needed, e.g. {@code 1/2}. */
  public String summary() {
    return approvedBy.size() + "/" + needed;
  }
}
