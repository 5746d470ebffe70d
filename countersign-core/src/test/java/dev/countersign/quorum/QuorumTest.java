package dev.countersign.quorum;

import static dev.countersign.quorum.Ballots.SPEC_HASH;
import static dev.countersign.quorum.Ballots.UID;
import static dev.countersign.quorum.Ballots.amended;
import static dev.countersign.quorum.Ballots.approve;
import static dev.countersign.quorum.Ballots.ballot;
import static dev.countersign.quorum.Ballots.reject;
import static dev.countersign.quorum.Ballots.withReason;
import static dev.countersign.quorum.Ballots.withSpecHash;
import static dev.countersign.quorum.Ballots.withUid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.fixtures.Requests;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Counting approvals (DESIGN.md, decision rule 5). */
class QuorumTest {
  private static final RequiredApprovals TWO_OF_BOB_CAROL_OR_SRE =
      new RequiredApprovals(2, List.of("bob", "carol"), List.of("sre"));
  private static final String OTHER_HASH = "ab".repeat(32);

  private static Tally count(Ballot... ballots) {
    return Quorum.count(terms(TWO_OF_BOB_CAROL_OR_SRE), List.of(ballots));
  }

  static Terms terms(RequiredApprovals required) {
    return new Terms(
        required,
        Requests.AGENT,
        UID,
        SPEC_HASH,
        SeparationOfDuties.NONE,
        Optional.empty(),
        Requests.NOW.plusSeconds(3600));
  }

  static Stream<Arguments> ignoredBallots() {
    return Stream.of(
        arguments(
            "another request's uid",
            withUid(approve("a1", "bob", 1), "uid-0"),
            "names uid uid-0 but the request's uid is uid-1"),
        arguments(
            "no uid",
            withUid(approve("a1", "bob", 1), null),
            "names no uid but the request's uid is uid-1"),
        arguments(
            "another spec",
            withSpecHash(approve("a1", "bob", 1), OTHER_HASH),
            "was given for a different spec (hash "
                + OTHER_HASH
                + "; the request's spec hashes to "
                + SPEC_HASH
                + ")"),
        arguments(
            "no spec hash",
            withSpecHash(approve("a1", "bob", 1), null),
            "carries no specHash; an approval must name the spec it approves (hash "
                + SPEC_HASH
                + ")"),
        arguments(
            "a spec changed after it was created",
            amended(approve("a1", "bob", 1)),
            "its spec was changed after it was created; an Approval cannot be amended, create a"
                + " new one"),
        arguments(
            "a reason over 1024 characters",
            withReason(approve("a1", "bob", 1), "x".repeat(1025)),
            "its reason is 1025 characters long; at most 1024 are allowed"),
        arguments(
            "an unknown decision",
            ballot("a1", "Maybe", "bob", 1),
            "decision \"Maybe\" is not Approve or Reject"),
        arguments("a blank approver", approve("a1", " ", 1), "names no approver"),
        arguments(
            "the requester's own approval",
            approve("a1", Requests.AGENT, 1, "sre"),
            "the requester cannot approve its own request"),
        arguments(
            "the requester's own rejection",
            reject("a1", Requests.AGENT, 1, "sre"),
            "the requester cannot reject its own request"),
        arguments(
            "an approver the policy does not name",
            approve("a1", "alice", 1, "dev"),
            "alice is not an allowed approver: needs one of users [bob, carol] or groups [sre]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ignoredBallots")
  void ignoredBallotIsRecordedWithWhy(String description, Ballot ballot, String why) {
    Tally tally = count(ballot);

    assertThat(tally.records())
        .containsExactly(
            new ApprovalRecord(
                "a1",
                ballot.approver(),
                ballot.decision(),
                "2025-06-01T12:01:00Z",
                false,
                why,
                ballot.groups()));
    assertThat(tally.approvedBy()).isEmpty();
    assertThat(tally.rejection()).isEmpty();
    assertThat(tally.met()).isFalse();
    assertThat(tally.summary()).isEqualTo("0/2");
  }

  @Test
  void selfApprovalDoesNotCount() {
    RequiredApprovals agentsMayApprove =
        new RequiredApprovals(1, List.of(Requests.AGENT, "bob"), List.of());

    Tally tally = Quorum.count(terms(agentsMayApprove), List.of(approve("a1", Requests.AGENT, 1)));

    assertThat(tally.met()).isFalse();
    assertThat(tally.records().get(0).reason())
        .isEqualTo("the requester cannot approve its own request");
  }

  @Test
  void quorumIsMetByTwoDistinctAllowedApprovers() {
    Tally tally = count(approve("a1", "bob", 1), approve("a2", "dave", 2, "sre"));

    assertThat(tally.met()).isTrue();
    assertThat(tally.approvedBy()).containsExactly("bob", "dave");
    assertThat(tally.summary()).isEqualTo("2/2");
    assertThat(tally.records())
        .extracting(ApprovalRecord::counted, ApprovalRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(true, "bob says approve"),
            org.assertj.core.groups.Tuple.tuple(true, "dave says approve"));
  }

  @Test
  void aPersonCountsOnce() {
    Tally tally = count(approve("a1", "bob", 1), approve("a2", "bob", 2, "sre"));

    assertThat(tally.met()).isFalse();
    assertThat(tally.approvedBy()).containsExactly("bob");
    assertThat(tally.summary()).isEqualTo("1/2");
    assertThat(tally.records().get(1))
        .isEqualTo(
            new ApprovalRecord(
                "a2",
                "bob",
                "Approve",
                "2025-06-01T12:02:00Z",
                false,
                "bob already approved; a person counts once",
                List.of("sre")));
  }

  @Test
  void oneRejectFromAnAllowedApproverEndsTheRequest() {
    Tally tally =
        count(approve("a1", "bob", 1), reject("a2", "carol", 2), approve("a3", "dave", 3, "sre"));

    assertThat(tally.rejection())
        .contains(
            new ApprovalRecord(
                "a2", "carol", "Reject", "2025-06-01T12:02:00Z", true, "carol says reject"));
    assertThat(tally.approvedBy()).containsExactly("bob", "dave");
    assertThat(tally.met()).isFalse();
  }

  @Test
  void rejectFromSomeoneNotAllowedDoesNotEndTheRequest() {
    Tally tally =
        count(reject("a1", "mallory", 1), approve("a2", "bob", 2), approve("a3", "carol", 3));

    assertThat(tally.rejection()).isEmpty();
    assertThat(tally.records().get(0).counted()).isFalse();
    assertThat(tally.met()).isTrue();
  }

  @Test
  void laterRejectsAreRecordedButOnlyTheFirstEndsTheRequest() {
    Tally tally = count(reject("a1", "carol", 1), reject("a2", "bob", 2));

    assertThat(tally.rejection()).map(ApprovalRecord::approver).contains("carol");
    assertThat(tally.records().get(1))
        .extracting(ApprovalRecord::counted, ApprovalRecord::reason)
        .containsExactly(false, "the request was already rejected by carol");
  }

  @Test
  void rejectAfterOwnApprovalStillRejects() {
    Tally tally = count(approve("a1", "bob", 1), approve("a2", "carol", 2), reject("a3", "bob", 3));

    assertThat(tally.rejection()).map(ApprovalRecord::name).contains("a3");
    assertThat(tally.met()).isFalse();
  }

  @Test
  void ballotsCountInCreationOrderThenByName() {
    Ballot late = withSpecHash(approve("a0", "bob", 5), OTHER_HASH);
    Tally tally = count(approve("b-2", "bob", 1), late, approve("b-1", "bob", 1));

    assertThat(tally.records())
        .extracting(ApprovalRecord::name, ApprovalRecord::counted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b-1", true),
            org.assertj.core.groups.Tuple.tuple("b-2", false),
            org.assertj.core.groups.Tuple.tuple("a0", false));
  }

  @Test
  void aPersonQualifyingByNameAndByGroupCountsOnce() {
    Tally tally = count(approve("a1", "bob", 1, "sre"), approve("a2", "bob", 2));

    assertThat(tally.approvedBy()).containsExactly("bob");
    assertThat(tally.summary()).isEqualTo("1/2");
    assertThat(tally.met()).isFalse();
  }

  @Test
  void groupsOnlyRequirementNamesOnlyGroupsWhenRefusing() {
    Tally tally =
        Quorum.count(
            terms(new RequiredApprovals(1, List.of(), List.of("sre"))),
            List.of(approve("a1", "alice", 1)));

    assertThat(tally.records().get(0).reason())
        .isEqualTo("alice is not an allowed approver: needs one of groups [sre]");
  }

  @Test
  void noBallotsMeansNothingIsMetYet() {
    Tally tally = count();

    assertThat(tally.records()).isEmpty();
    assertThat(tally.met()).isFalse();
    assertThat(tally.summary()).isEqualTo("0/2");
  }
}
