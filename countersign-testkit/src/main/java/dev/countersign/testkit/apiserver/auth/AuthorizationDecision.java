package dev.countersign.testkit.apiserver.auth;

/**
 * The authorizer's answer for one request.
 *
 * @param allowed whether the request is allowed
 * @param reason why, as the API server words it: {@code RBAC: allowed by ClusterRoleBinding ...}
 *     when RBAC allows, "" for {@code system:masters}, and on a denial "" or the errors met
 *     resolving the user's roles ({@code RBAC: clusterrole.rbac.authorization.k8s.io "x" not
 *     found}), which the 403 message then carries
 */
public record AuthorizationDecision(boolean allowed, String reason) {}
