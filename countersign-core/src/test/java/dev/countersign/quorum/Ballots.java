package dev.countersign.quorum;

import dev.countersign.fixtures.Requests;
import java.util.List;

/**
 * Test fixtures for ballots on one request (uid {@link #UID}, spec {@link #SPEC_HASH}), cast {@code
 * minute} minutes after {@link Requests#NOW}: {@code Ballots.approve("a1", "bob", 1)}.
 */
final class Ballots {
  static final String UID = "uid-1";
  static final String SPEC_HASH = SpecHash.of(Requests.scale("web", 8).spec());

  private Ballots() {}

  static Ballot approve(String name, String approver, int minute, String... groups) {
    return ballot(name, "Approve", approver, minute, groups);
  }

  static Ballot reject(String name, String approver, int minute, String... groups) {
    return ballot(name, "Reject", approver, minute, groups);
  }

  static Ballot ballot(
      String name, String decision, String approver, int minute, String... groups) {
    return new Ballot(
        name,
        "scale-web",
        UID,
        SPEC_HASH,
        decision,
        approver,
        List.of(groups),
        approver + " says " + decision.toLowerCase(),
        Requests.NOW.plusSeconds(60L * minute),
        false);
  }

  static Ballot withUid(Ballot b, String uid) {
    return new Ballot(
        b.name(),
        b.requestName(),
        uid,
        b.specHash(),
        b.decision(),
        b.approver(),
        b.groups(),
        b.reason(),
        b.createdAt(),
        b.amended());
  }

  static Ballot withReason(Ballot b, String reason) {
    return new Ballot(
        b.name(),
        b.requestName(),
        b.requestUid(),
        b.specHash(),
        b.decision(),
        b.approver(),
        b.groups(),
        reason,
        b.createdAt(),
        b.amended());
  }

  static Ballot amended(Ballot b) {
    return new Ballot(
        b.name(),
        b.requestName(),
        b.requestUid(),
        b.specHash(),
        b.decision(),
        b.approver(),
        b.groups(),
        b.reason(),
        b.createdAt(),
        true);
  }

  static Ballot withSpecHash(Ballot b, String specHash) {
    return new Ballot(
        b.name(),
        b.requestName(),
        b.requestUid(),
        specHash,
        b.decision(),
        b.approver(),
        b.groups(),
        b.reason(),
        b.createdAt(),
        b.amended());
  }
}
