package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the ballots on a request (DESIGN.md, decision rule 5 and Security). Ballots are taken in
 * {@code createdAt} order, then by name. Each is recorded; one that a {@link BallotCheck} rejects
 * is recorded with {@code counted=false} and the reason. An Approve from an allowed approver counts
 * once per person; the first Reject from an allowed approver is the rejection, which ends the
 * request whatever else was given. Later Rejects are recorded as not counted.
 */
public final class Quorum {
  private static final Comparator<Ballot> ORDER =
      Comparator.comparing(
              Ballot::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(Ballot::name, Comparator.nullsLast(Comparator.<String>naturalOrder()));

  private Quorum() {}

  /**
   * Counts the ballots on one request.
   *
   * @param terms what the ballots are counted against
   * @param ballots the Approvals that name the request
   */
  public static Tally count(Terms terms, List<Ballot> ballots) {
    Set<String> approvedBy = new LinkedHashSet<>();
    BallotCheck.Context context = new BallotCheck.Context(terms, approvedBy);
    List<ApprovalRecord> records = new ArrayList<>();
    Optional<ApprovalRecord> rejection = Optional.empty();
    Optional<Instant> firstExpiry = Optional.empty();
    List<Ballot> ordered =
        ballots == null
            ? List.of()
            : ballots.stream().filter(Objects::nonNull).sorted(ORDER).toList();
    for (Ballot ballot : ordered) {
      Optional<String> ignored = BallotCheck.firstIgnoreReason(ballot, context);
      if (ignored.isPresent()) {
        records.add(record(ballot, false, ignored.get()));
      } else if (ApprovalSpec.REJECT.equals(ballot.decision())) {
        if (rejection.isPresent()) {
          records.add(
              record(
                  ballot,
                  false,
                  "the request was already rejected by " + rejection.get().approver()));
        } else {
          ApprovalRecord record = record(ballot, true, ballot.reason());
          rejection = Optional.of(record);
          records.add(record);
        }
      } else {
        approvedBy.add(ballot.approver());
        records.add(record(ballot, true, ballot.reason()));
        firstExpiry = earlier(firstExpiry, terms.expiryOf(ballot.createdAt()));
      }
    }
    return new Tally(
        records, List.copyOf(approvedBy), rejection, terms.required().minApprovals(), firstExpiry);
  }

  private static Optional<Instant> earlier(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().isBefore(b.get()) ? a : b;
  }

  private static ApprovalRecord record(Ballot ballot, boolean counted, String reason) {
    return new ApprovalRecord(
        ballot.name(),
        ballot.approver(),
        ballot.decision(),
        ballot.createdAt() == null ? null : ballot.createdAt().toString(),
        counted,
        reason,
        ballot.groups());
  }
}
