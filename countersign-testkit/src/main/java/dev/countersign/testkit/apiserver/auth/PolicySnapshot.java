package dev.countersign.testkit.apiserver.auth;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable view of the RBAC objects with aggregated ClusterRoles resolved, which visits the
 * rules that apply to a user as k8s.io/kubernetes/pkg/registry/rbac/validation/rule.go's
 * DefaultRuleResolver does: ClusterRoleBindings first, then the namespace's RoleBindings (each by
 * name, as this view orders them).
 */
final class PolicySnapshot {

  /** Receives the rules that apply to a user, or an error resolving one; false stops the visit. */
  interface RuleVisitor {
    /**
     * Visits one rule, or one error.
     *
     * @param binding the binding the rule comes from, null with an error
     * @param subject the binding's subject that is the user, null with an error
     * @param rule the rule, null with an error
     * @param error why a binding's role could not be resolved, null with a rule
     */
    boolean visit(Binding binding, Subject subject, PolicyRule rule, String error);
  }

  private final Map<String, Role> roles;
  private final Map<String, List<PolicyRule>> clusterRoleRules;
  private final List<Binding> clusterRoleBindings;
  private final Map<String, List<Binding>> roleBindings;

  PolicySnapshot(Collection<Role> allRoles, Collection<Binding> bindings) {
    roles = new HashMap<>();
    allRoles.stream()
        .filter(role -> role.kind() == RbacKind.ROLE)
        .forEach(role -> roles.put(role.namespace() + "/" + role.name(), role));
    clusterRoleRules =
        ClusterRoleAggregation.effectiveRules(
            allRoles.stream().filter(role -> role.kind() == RbacKind.CLUSTER_ROLE).toList());
    clusterRoleBindings =
        bindings.stream()
            .filter(binding -> binding.kind() == RbacKind.CLUSTER_ROLE_BINDING)
            .sorted(Comparator.comparing(Binding::name))
            .toList();
    roleBindings =
        bindings.stream()
            .filter(binding -> binding.kind() == RbacKind.ROLE_BINDING)
            .sorted(Comparator.comparing(Binding::name))
            .collect(Collectors.groupingBy(Binding::namespace));
  }

  /** The effective rules of a ClusterRole (after aggregation), if it exists. */
  List<PolicyRule> clusterRoleRules(String name) {
    return clusterRoleRules.get(name);
  }

  /**
   * Visits every rule that applies to the user in the namespace ("" for cluster-scoped requests:
   * ClusterRoleBindings only).
   */
  void visitRulesFor(UserInfo user, String namespace, RuleVisitor visitor) {
    if (!visitBindings(clusterRoleBindings, user, visitor)) {
      return;
    }
    if (!namespace.isEmpty()) {
      visitBindings(roleBindings.getOrDefault(namespace, List.of()), user, visitor);
    }
  }

  private boolean visitBindings(List<Binding> bindings, UserInfo user, RuleVisitor visitor) {
    for (Binding binding : bindings) {
      Subject subject = binding.subjectFor(user);
      if (subject == null) {
        continue;
      }
      List<PolicyRule> rules;
      try {
        rules = roleReferenceRules(binding.roleRef(), binding.namespace());
      } catch (IllegalStateException unresolved) {
        if (!visitor.visit(null, null, null, unresolved.getMessage())) {
          return false;
        }
        continue;
      }
      for (PolicyRule rule : rules) {
        if (!visitor.visit(binding, subject, rule, null)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The rules a role reference grants (GetRoleReferenceRules).
   *
   * @throws IllegalStateException with the API server's message if the role does not exist
   */
  private List<PolicyRule> roleReferenceRules(RoleRef ref, String bindingNamespace) {
    switch (ref.kind()) {
      case "Role" -> {
        Role role = roles.get(bindingNamespace + "/" + ref.name());
        if (role == null) {
          throw notFound("role", ref.name());
        }
        return role.rules();
      }
      case "ClusterRole" -> {
        List<PolicyRule> rules = clusterRoleRules.get(ref.name());
        if (rules == null) {
          throw notFound("clusterrole", ref.name());
        }
        return rules;
      }
      default ->
          throw new IllegalStateException(
              "unsupported role reference kind: " + GoQuoted.of(ref.kind()));
    }
  }

  private static IllegalStateException notFound(String resource, String name) {
    return new IllegalStateException(
        resource + "." + RbacKind.GROUP + " " + GoQuoted.of(name) + " not found");
  }
}
