package dev.countersign.testkit.apiserver.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Authorizes requests as kube-apiserver with {@code --authorization-mode=RBAC} does: the privileged
 * group {@code system:masters} first, then RBAC
 * (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go) over a {@link PolicyStore}.
 */
public final class RbacAuthorizer {

  private final PolicyStore store;

  /** An authorizer over the store's current objects (each decision reads the latest). */
  public RbacAuthorizer(PolicyStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Whether the user may make the request, and why. */
  public AuthorizationDecision authorize(UserInfo user, RequestInfo request) {
    if (user.groups().contains(UserInfo.MASTERS)) {
      return new AuthorizationDecision(true, "");
    }
    List<String> errors = new ArrayList<>();
    String[] allowedBy = new String[1];
    store
        .snapshot()
        .visitRulesFor(
            user,
            request.namespace(),
            (binding, subject, rule, error) -> {
              if (rule != null && rule.allows(request)) {
                allowedBy[0] = binding.describe(subject);
                return false;
              }
              if (error != null) {
                errors.add(error);
              }
              return true;
            });
    if (allowedBy[0] != null) {
      return new AuthorizationDecision(true, "RBAC: allowed by " + allowedBy[0]);
    }
    String reason = errors.isEmpty() ? "" : "RBAC: " + ErrorAggregate.message(errors);
    return new AuthorizationDecision(false, reason);
  }

  /**
   * The rules that apply to the user in a namespace: those of ClusterRoleBindings, then those of
   * the namespace's RoleBindings (RBAC's RulesFor, as SelfSubjectRulesReview reports them).
   */
  public RuleList rulesFor(UserInfo user, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    store
        .snapshot()
        .visitRulesFor(
            user,
            namespace,
            (binding, subject, rule, error) -> {
              if (rule != null) {
                rules.add(rule);
              }
              if (error != null) {
                errors.add(error);
              }
              return true;
            });
    return new RuleList(rules, ErrorAggregate.message(errors));
  }
}
