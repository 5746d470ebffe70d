package dev.countersign.quorum;

import static dev.countersign.quorum.Ballots.SPEC_HASH;
import static dev.countersign.quorum.Ballots.UID;
import static dev.countersign.quorum.Ballots.approve;
import static dev.countersign.quorum.Ballots.reject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects.ServiceAccountRef;
import dev.countersign.fixtures.Requests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who never counts besides the requester, and how long an approval counts (DESIGN.md, Security).
 */
class SeparationOfDutiesTest {
  private static final String OPERATOR = "system:serviceaccount:countersign-system:countersign";
  private static final String BUILD_BOT = "system:serviceaccount:ci:build-bot";
  private static final String HELPER_BOT = "system:serviceaccount:agents:helper";
  private static final RequiredApprovals ANYONE_NAMED =
      new RequiredApprovals(
          1, List.of("bob", OPERATOR, BUILD_BOT, HELPER_BOT), List.of("sre", "bots"));

  private static Tally count(
      SeparationOfDuties duties, Optional<Duration> ttl, int atMinute, Ballot... ballots) {
    return Quorum.count(
        new Terms(
            ANYONE_NAMED,
            Requests.AGENT,
            UID,
            SPEC_HASH,
            duties,
            ttl,
            Requests.NOW.plusSeconds(60L * atMinute)),
        List.of(ballots));
  }

  private static SeparationOfDuties policyNaming(Subjects subjects) {
    return new SeparationOfDuties(OPERATOR, Map.of("shop-agents", subjects));
  }

  @Test
  void theOperatorsOwnServiceAccountNeverApproves() {
    Tally tally = count(policyNaming(agents()), Optional.empty(), 5, approve("a1", OPERATOR, 1));

    assertThat(tally.met()).isFalse();
    assertThat(tally.records().get(0).reason())
        .isEqualTo(
            OPERATOR + " is Countersign's own service account, which never approves or rejects");
  }

  @Test
  void theOperatorsOwnServiceAccountNeverRejects() {
    Tally tally = count(policyNaming(agents()), Optional.empty(), 5, reject("a1", OPERATOR, 1));

    assertThat(tally.rejection()).isEmpty();
  }

  @Test
  void aServiceAccountThePolicyNamesNeverApproves() {
    Subjects named =
        new Subjects(List.of(new ServiceAccountRef("agents", "helper")), List.of(), List.of());

    Tally tally = count(policyNaming(named), Optional.empty(), 5, approve("a1", HELPER_BOT, 1));

    assertThat(tally.records().get(0).reason())
        .isEqualTo(
            HELPER_BOT
                + " is a subject of AgentPolicy shop-agents; a service account the policy governs"
                + " never approves or rejects");
  }

  @Test
  void aServiceAccountThePolicyGovernsThroughItsNamespaceGroupNeverApproves() {
    Subjects allInCi = new Subjects(List.of(), List.of(), List.of("system:serviceaccounts:ci"));

    Tally tally = count(policyNaming(allInCi), Optional.empty(), 5, approve("a1", BUILD_BOT, 1));

    assertThat(tally.met()).isFalse();
    assertThat(tally.records().get(0).reason()).contains("is a subject of AgentPolicy shop-agents");
  }

  @Test
  void aServiceAccountThePolicyGovernsThroughAClaimedGroupNeverApproves() {
    Subjects bots = new Subjects(List.of(), List.of(), List.of("bots"));

    Tally tally =
        count(policyNaming(bots), Optional.empty(), 5, approve("a1", BUILD_BOT, 1, "bots"));

    assertThat(tally.met()).isFalse();
  }

  @Test
  void aServiceAccountThePolicyDoesNotGovernMayApprove() {
    Tally tally = count(policyNaming(agents()), Optional.empty(), 5, approve("a1", BUILD_BOT, 1));

    assertThat(tally.met()).isTrue();
  }

  @Test
  void aHumanInAGroupThePolicyGovernsStillApproves() {
    Subjects sre = new Subjects(List.of(), List.of(), List.of("sre"));

    Tally tally = count(policyNaming(sre), Optional.empty(), 5, approve("a1", "carol", 1, "sre"));

    assertThat(tally.met()).isTrue();
  }

  @Test
  void anApprovalCountsUntilItsTtlRunsOut() {
    Tally fresh =
        count(
            SeparationOfDuties.NONE,
            Optional.of(Duration.ofMinutes(10)),
            10,
            approve("a1", "bob", 1));

    assertThat(fresh.met()).isTrue();
    assertThat(fresh.firstExpiry()).contains(Requests.NOW.plusSeconds(11 * 60));
  }

  @Test
  void anExpiredApprovalDoesNotCount() {
    Tally tally =
        count(
            SeparationOfDuties.NONE,
            Optional.of(Duration.ofMinutes(10)),
            11,
            approve("a1", "bob", 1));

    assertThat(tally.met()).isFalse();
    assertThat(tally.records().get(0).reason())
        .isEqualTo(
            "expired at 2025-06-01T12:11:00Z: the policy lets an approval count for PT10M after"
                + " it is given");
  }

  @Test
  void withoutATtlApprovalsNeverExpireOnTheirOwn() {
    Tally tally =
        count(SeparationOfDuties.NONE, Optional.empty(), 100_000, approve("a1", "bob", 1));

    assertThat(tally.met()).isTrue();
    assertThat(tally.firstExpiry()).isEmpty();
  }

  private static Subjects agents() {
    return new Subjects(
        List.of(new ServiceAccountRef("agents", "ops-agent")), List.of(), List.of());
  }
}
