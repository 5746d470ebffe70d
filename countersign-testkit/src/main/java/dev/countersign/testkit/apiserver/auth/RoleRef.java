package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The role a binding grants (rbac.authorization.k8s.io/v1 RoleRef).
 *
 * @param apiGroup the role's API group, normally {@code rbac.authorization.k8s.io}
 * @param kind {@code Role} or {@code ClusterRole}
 * @param name the role's name
 */
public record RoleRef(String apiGroup, String kind, String name) {

  static RoleRef fromJson(JsonNode node) {
    return new RoleRef(
        ApiJson.text(node, "apiGroup"), ApiJson.text(node, "kind"), ApiJson.text(node, "name"));
  }
}
