package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import java.time.Instant;
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
      String uid = context.terms().requestUid();
      if (Objects.equals(ballot.requestUid(), uid)) {
        return Optional.empty();
      }
      String names =
          ballot.requestUid() == null ? "names no uid" : "names uid " + ballot.requestUid();
      return Optional.of(names + " but the request's uid is " + uid);
    }
  },
  /** A signature is given once: an Approval whose spec was changed afterwards is not one. */
  NOT_AMENDED {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      return ballot.amended()
          ? Optional.of(
              "its spec was changed after it was created; an Approval cannot be amended, create"
                  + " a new one")
          : Optional.empty();
    }
  },
  /** The approver must say which spec they saw, and it must be the request's. */
  SPEC_HASH {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      String expected = context.terms().specHash();
      if (ballot.specHash() == null || ballot.specHash().isBlank()) {
        return Optional.of(
            "carries no specHash; an approval must name the spec it approves (hash "
                + expected
                + ")");
      }
      if (ballot.specHash().equals(expected)) {
        return Optional.empty();
      }
      return Optional.of(
          "was given for a different spec (hash "
              + ballot.specHash()
              + "; the request's spec hashes to "
              + expected
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
  /** The schema bounds the reason; the operator re-checks it rather than trusting the schema. */
  REASON_SIZE {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      return ballot.reason() != null && ballot.reason().length() > ApprovalSpec.MAX_REASON_LENGTH
          ? Optional.of(
              "its reason is "
                  + ballot.reason().length()
                  + " characters long; at most "
                  + ApprovalSpec.MAX_REASON_LENGTH
                  + " are allowed")
          : Optional.empty();
    }
  },
  /** An approval is valid for the policy's approval ttl after it is given. */
  NOT_EXPIRED {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      Optional<Instant> expiry = context.terms().expiryOf(ballot.createdAt());
      if (expiry.isEmpty() || context.terms().now().isBefore(expiry.get())) {
        return Optional.empty();
      }
      return Optional.of(
          "expired at "
              + expiry.get()
              + ": the policy lets an approval count for "
              + context.terms().approvalTtl().get()
              + " after it is given");
    }
  },
  /** The requester never counts, for or against. */
  NOT_THE_REQUESTER {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      if (!ballot.approver().equals(context.terms().requester())) {
        return Optional.empty();
      }
      return Optional.of(
          ApprovalSpec.REJECT.equals(ballot.decision())
              ? "the requester cannot reject its own request"
              : "the requester cannot approve its own request");
    }
  },
  /** Nor do the operator itself and the service accounts the policy governs. */
  SEPARATION_OF_DUTIES {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      return context.terms().duties().bars(ballot.approver(), ballot.groups());
    }
  },
  /** Only the users and groups the policy names may approve. */
  ALLOWED_APPROVER {
    @Override
    Optional<String> ignoreReason(Ballot ballot, Context context) {
      return AllowedApprovers.whyNot(
          context.terms().required(), ballot.approver(), ballot.groups());
    }
  },
  /**
   * A person counts once, whether they qualify by name, by a group, or both. A second Approve from
   * someone already counted is ignored; a Reject is not, because one Reject from an allowed
   * approver ends the request (DESIGN.md rule 5).
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

  /** What the checks compare a ballot with: the terms and who has counted so far. */
  record Context(Terms terms, Set<String> approvedBy) {}
}
