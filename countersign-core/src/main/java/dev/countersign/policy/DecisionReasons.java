package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import java.util.ArrayList;
import java.util.List;

/** The wording of two kinds of decision reason: a default denial, and who must approve. */
final class DecisionReasons {
  private DecisionReasons() {}

  /**
   * "no AgentPolicy allows ...", then why each listed policy does not apply (bounded), then how
   * many more there are.
   */
  static List<String> defaultDeny(RequestFacts facts, Action action, PolicyListing listing) {
    var spec = facts.spec();
    List<String> reasons = new ArrayList<>();
    reasons.add(
        "no AgentPolicy allows "
            + ObjectName.shown(spec.requester())
            + " to "
            + action.wireName()
            + " "
            + spec.target().kind()
            + " "
            + spec.target().name()
            + " in namespace "
            + facts.namespace());
    List<PolicyApplicability> shown = listing.notApplying();
    int room = BoundedReasons.MAX - 1;
    shown.stream()
        .limit(room)
        .forEach(p -> reasons.add(p.policy().name() + ": " + p.whyNot().orElse("does not apply")));
    int more = Math.max(0, shown.size() - room) + listing.notListed();
    if (more > 0) {
      reasons.add("... and " + more + " more, none of which applies");
    }
    return reasons;
  }

  /** "needs 1 approval from users [alice] or groups [sre]". */
  static String needs(RequiredApprovals required) {
    List<String> who = new ArrayList<>();
    if (!required.users().isEmpty()) {
      who.add("users " + required.users());
    }
    if (!required.groups().isEmpty()) {
      who.add("groups " + required.groups());
    }
    int n = required.minApprovals();
    return "needs "
        + n
        + (n == 1 ? " approval" : " approvals")
        + " from "
        + String.join(" or ", who);
  }
}
