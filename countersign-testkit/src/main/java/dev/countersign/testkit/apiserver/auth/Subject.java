package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whom a binding grants its role (rbac.authorization.k8s.io/v1 Subject), matched as
 * k8s.io/kubernetes/pkg/registry/rbac/validation/rule.go's appliesToUser does.
 *
 * @param kind {@code User}, {@code Group} or {@code ServiceAccount}
 * @param apiGroup the API group, "" for service accounts
 * @param name the user, group or service account name
 * @param namespace the service account's namespace; "" means the binding's namespace
 */
public record Subject(String kind, String apiGroup, String name, String namespace) {

  static Subject fromJson(JsonNode node) {
    return new Subject(
        ApiJson.text(node, "kind"),
        ApiJson.text(node, "apiGroup"),
        ApiJson.text(node, "name"),
        ApiJson.text(node, "namespace"));
  }

  /**
   * Whether this subject is the user.
   *
   * @param user the authenticated user
   * @param bindingNamespace the RoleBinding's namespace, "" for a ClusterRoleBinding
   */
  boolean appliesTo(UserInfo user, String bindingNamespace) {
    return switch (kind) {
      case "User" -> user.username().equals(name);
      case "Group" -> user.groups().contains(name);
      case "ServiceAccount" -> {
        String saNamespace = namespace.isEmpty() ? bindingNamespace : namespace;
        yield !saNamespace.isEmpty()
            && user.username().equals(UserInfo.serviceAccountUsername(saNamespace, name));
      }
      default -> false;
    };
  }

  /** As RBAC's allow reasons describe a subject: {@code ServiceAccount "NAME/NAMESPACE"}. */
  String describe(String bindingNamespace) {
    if (kind.equals("ServiceAccount")) {
      String saNamespace = namespace.isEmpty() ? bindingNamespace : namespace;
      return kind + " " + GoQuoted.of(name + "/" + saNamespace);
    }
    return kind + " " + GoQuoted.of(name);
  }
}
