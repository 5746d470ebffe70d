package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
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
 * Counts the ballots on a request (DESIGN.md, decision rule 5). Ballots are taken in {@code
 * createdAt} order, then by name. Each is recorded; one that a {@link BallotCheck} rejects is
 * recorded with {@code counted=false} and the reason. An Approve from an allowed approver counts
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
   * Counts the ballots.
   *
   * @param required who may approve and how many must; null means nobody may
   * @param requester the request's requester, who never counts
   * @param requestUid the request's metadata.uid
   * @param specHash the {@link SpecHash} of the request's spec
   * @param ballots the Approvals that name the request
   */
  public static Tally count(
      RequiredApprovals required,
      String requester,
      String requestUid,
      String specHash,
      List<Ballot> ballots) {
    RequiredApprovals rule = required == null ? new RequiredApprovals(0, null, null) : required;
    Set<String> approvedBy = new LinkedHashSet<>();
    BallotCheck.Context context =
        new BallotCheck.Context(rule, requester, requestUid, specHash, approvedBy);
    List<ApprovalRecord> records = new ArrayList<>();
    Optional<ApprovalRecord> rejection = Optional.empty();
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
      }
    }
    return new Tally(records, List.copyOf(approvedBy), rejection, rule.minApprovals());
  }

  private static ApprovalRecord record(Ballot ballot, boolean counted, String reason) {
    return new ApprovalRecord(
        ballot.name(),
        ballot.approver(),
        ballot.decision(),
        ballot.createdAt() == null ? null : ballot.createdAt().toString(),
        counted,
        reason);
  }
}
