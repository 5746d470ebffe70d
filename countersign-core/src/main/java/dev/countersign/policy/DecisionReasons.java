package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import java.util.ArrayList;
import java.util.List;

/**
 * The wording of two kinds of decision reason: a default denial ({@link ReasonCode#NoPolicy}, with
 * {@link ReasonCode#InvalidPolicy} for each invalid policy listed), and who must approve ({@link
 * ReasonCode#NeedsApproval}).
 */
final class DecisionReasons {
  private DecisionReasons() {}

  /**
   * "no AgentPolicy allows ...", then why each listed policy does not apply (bounded), then how
   * many more there are.
   */
  static List<Reason> defaultDeny(RequestFacts facts, Action action, PolicyListing listing) {
    var spec = facts.spec();
    List<Reason> reasons = new ArrayList<>();
    reasons.add(
        ReasonCode.NoPolicy.because(
            "no AgentPolicy allows "
                + ObjectName.shown(spec.requester())
                + " to "
                + action.wireName()
                + " "
                + spec.target().kind()
                + " "
                + spec.target().name()
                + " in namespace "
                + facts.namespace()));
    List<PolicyApplicability> shown = listing.notApplying();
    int room = BoundedReasons.MAX - 1;
    shown.stream()
        .limit(room)
        .forEach(
            p ->
                reasons.add(
                    (p.policy().valid() ? ReasonCode.NoPolicy : ReasonCode.InvalidPolicy)
                        .because(p.policy().name() + ": " + p.whyNot().orElse("does not apply"))));
    int more = Math.max(0, shown.size() - room) + listing.notListed();
    if (more > 0) {
      reasons.add(ReasonCode.NoPolicy.because("... and " + more + " more, none of which applies"));
    }
    return reasons;
  }

  /** "needs 1 approval from users [alice] or groups [sre]". */
  static Reason needs(RequiredApprovals required) {
    List<String> who = new ArrayList<>();
    if (!required.users().isEmpty()) {
      who.add("users " + required.users());
    }
    if (!required.groups().isEmpty()) {
      who.add("groups " + required.groups());
    }
    int n = required.minApprovals();
    return ReasonCode.NeedsApproval.because(
        "needs " + n + (n == 1 ? " approval" : " approvals") + " from " + String.join(" or ", who));
  }
}
