package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reasons a ballot does not count, one per constant, checked in declaration order; the first
 * that applies is recorded. Adding a reason means adding a constant.
 */
enum BallotCheck {
  /** The ballot names another request, e.g. an earlier one re-created under the same name. */
  REQUEST_UID {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      if (Objects.equals(ballot.requestUid(), context.requestUid())) {
        return Optional.empty();
      }
      String names =
          ballot.requestUid() == null ? "names no uid" : "names uid " + ballot.requestUid();
      return Optional.of(names + " but the request's uid is " + context.requestUid());
    }
  },
  /** The approver saw a different spec from the one the request has. */
  SPEC_HASH {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      if (ballot.specHash() == null || ballot.specHash().equals(context.specHash())) {
        return Optional.empty();
      }
      return Optional.of(
          "was given for a different spec (hash "
              + ballot.specHash()
              + "; the request's spec hashes to "
              + context.specHash()
              + ")");
    }
  },
  /** Only Approve and Reject mean anything. */
  DECISION {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      if (ApprovalSpec.APPROVE.equals(ballot.decision())
          || ApprovalSpec.REJECT.equals(ballot.decision())) {
        return Optional.empty();
      }
      return Optional.of("decision \"" + ballot.decision() + "\" is not Approve or Reject");
    }
  },
  /** A ballot must say who gives it. */
  APPROVER_PRESENT {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      return ballot.approver() == null || ballot.approver().isBlank()
          ? Optional.of("names no approver")
          : Optional.empty();
    }
  },
  /** The requester never counts, for or against. */
  NOT_THE_REQUESTER {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      if (!ballot.approver().equals(context.requester())) {
        return Optional.empty();
      }
      return Optional.of(
          ApprovalSpec.REJECT.equals(ballot.decision())
              ? "the requester cannot reject its own request"
              : "the requester cannot approve its own request");
    }
  },
  /** Only the users and groups the policy names may approve. */
  ALLOWED_APPROVER {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      RequiredApprovals required = context.required();
      if (required.users().contains(ballot.approver())
          || ballot.groups().stream().anyMatch(required.groups()::contains)) {
        return Optional.empty();
      }
      List<String> needs = new ArrayList<>();
      if (!required.users().isEmpty()) {
        needs.add("users " + required.users());
      }
      if (!required.groups().isEmpty()) {
        needs.add("groups " + required.groups());
      }
      return Optional.of(
          ballot.approver()
              + " is not an allowed approver: "
              + (needs.isEmpty()
                  ? "nobody is named"
                  : "needs one of " + String.join(" or ", needs)));
    }
  },
  /**
   * A person counts once. A second Approve from someone already counted is ignored; a Reject is
   * not, because one Reject from an allowed approver ends the request (DESIGN.md rule 5).
   */
  COUNTS_ONCE {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      if (ApprovalSpec.APPROVE.equals(ballot.decision())
          && context.approvedBy().contains(ballot.approver())) {
        return Optional.of(ballot.approver() + " already approved; a person counts once");
      }
      return Optional.empty();
    }
  };

  /** Why the ballot does not count, or empty when this check lets it through. */
  abstract Optional<String> ignoreReason(Ballot ballot, Context context);

  /** The first reason any check gives, or empty when the ballot counts. */
  static Optional<String> firstIgnoreReason(Ballot ballot, Context context) {
    for (BallotCheck check : values()) {
      Optional<String> reason = check.ignoreReason(ballot, context);
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  /** What the checks compare a ballot with. */
  record Context(
      RequiredApprovals required,
      String requester,
      String requestUid,
      String specHash,
      Set<String> approvedBy) {}
}
