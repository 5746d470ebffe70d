package dev.countersign.testkit.apiserver.auth;

import java.util.List;

/**
 * The rules that apply to a user in a namespace, as the RBAC rule resolver lists them.
 *
 * @param rules the rules, ClusterRoleBindings' first
 * @param evaluationError the errors met resolving roles, "" if none
 */
public record RuleList(List<PolicyRule> rules, String evaluationError) {

  /** Copies the rules. */
  public RuleList {
    rules = List.copyOf(rules);
  }
}
