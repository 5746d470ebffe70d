package dev.countersign.testkit.apiserver.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of ClusterRoles as the cluster role aggregation controller leaves them once it has
 * settled: an aggregated ClusterRole's rules are replaced by the distinct rules of the other
 * ClusterRoles its selectors match, selector by selector, each selector's roles by name.
 */
final class ClusterRoleAggregation {

  private ClusterRoleAggregation() {}

  /** Each ClusterRole's effective rules, by name. */
  static Map<String, List<PolicyRule>> effectiveRules(Collection<Role> clusterRoles) {
    List<Role> byName = clusterRoles.stream().sorted(Comparator.comparing(Role::name)).toList();
    Map<String, List<PolicyRule>> effective = new HashMap<>();
    byName.forEach(role -> effective.put(role.name(), role.rules()));
    // The controller re-syncs every aggregated role whenever any ClusterRole changes, so nested
    // aggregation (edit aggregating into admin) converges; iterate to that fixed point.
    for (int round = 0; round <= byName.size(); round++) {
      boolean changed = false;
      for (Role role : byName) {
        if (!role.aggregated()) {
          continue;
        }
        List<PolicyRule> rules = aggregate(role, byName, effective);
        if (!rules.equals(effective.get(role.name()))) {
          effective.put(role.name(), rules);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return effective;
  }

  private static List<PolicyRule> aggregate(
      Role role, List<Role> byName, Map<String, List<PolicyRule>> effective) {
    List<PolicyRule> rules = new ArrayList<>();
    for (LabelSelector selector : role.aggregationSelectors()) {
      for (Role other : byName) {
        if (other.name().equals(role.name()) || !selector.matches(other.labels())) {
          continue;
        }
        for (PolicyRule rule : effective.get(other.name())) {
          if (!rules.contains(rule)) {
            rules.add(rule);
          }
        }
      }
    }
    return List.copyOf(rules);
  }
}
