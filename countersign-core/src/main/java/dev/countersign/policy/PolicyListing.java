package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bounded list of policies a decision names: first those that govern the request (with what
 * each said), then the other candidates the index offered, then, while there is room, any other
 * policy with why it does not apply; at most {@link Decision#MAX_LISTED_POLICIES}, with a count of
 * those left out.
 *
 * @param matches the policies listed
 * @param notApplying the listed policies that do not govern the request, for default-deny reasons
 * @param notListed how many policies were left out
 */
record PolicyListing(
    List<PolicyMatch> matches, List<PolicyApplicability> notApplying, int notListed) {

  /**
   * Lists the policies.
   *
   * @param governing what each governing policy said, by name, in order
   * @param assessed every candidate, assessed
   */
  static PolicyListing of(
      Map<String, PolicyMatch> governing,
      List<PolicyApplicability> assessed,
      PolicyIndex index,
      RequestFacts facts,
      Action action) {
    int max = Decision.MAX_LISTED_POLICIES;
    List<PolicyMatch> matches = new ArrayList<>();
    List<PolicyApplicability> notApplying = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (PolicyMatch match : governing.values()) {
      if (matches.size() < max) {
        matches.add(match);
        listed.add(match.name());
      }
    }
    for (PolicyApplicability candidate : assessed) {
      if (matches.size() >= max) {
        break;
      }
      if (!candidate.applies()) {
        add(candidate, matches, notApplying, listed);
      }
    }
    Set<String> candidates = new HashSet<>();
    assessed.forEach(a -> candidates.add(a.policy().name()));
    for (IndexedPolicy policy : index.all()) {
      if (matches.size() >= max) {
        break;
      }
      if (!candidates.contains(policy.name()) && !listed.contains(policy.name())) {
        add(PolicyApplicability.assess(policy, facts, action), matches, notApplying, listed);
      }
    }
    return new PolicyListing(matches, notApplying, Math.max(0, index.size() - matches.size()));
  }

  private static void add(
      PolicyApplicability policy,
      List<PolicyMatch> matches,
      List<PolicyApplicability> notApplying,
      Set<String> listed) {
    var snapshot = policy.policy().snapshot();
    matches.add(
        new PolicyMatch(
            snapshot.name(),
            snapshot.generation(),
            null,
            policy.whyNot().orElse("does not apply")));
    notApplying.add(policy);
    listed.add(snapshot.name());
  }
}
