package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RbacAuthorizerTest {

  private final PolicyStore store = PolicyStore.withBootstrapPolicy();
  private final RbacAuthorizer authorizer = new RbacAuthorizer(store);
  private final UserInfo alice = UserInfo.user("alice", "approvers");

  private boolean allowed(UserInfo user, String method, String path, String query) {
    return authorizer.authorize(user, RequestInfo.of(method, path, query)).allowed();
  }

  private static String clusterRole(String name, String rules) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: %s
        rules:
        %s
        """
        .formatted(name, rules.indent(2));
  }

  private static String binding(String kind, String namespace, String roleKind, String role) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: %s
        metadata:
          name: %s-binding
          namespace: %s
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
        subjects:
          - {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
        """
        .formatted(kind, role, namespace, roleKind, role);
  }

  @Test
  void nothingIsAllowedWithoutABinding() {
    assertThat(allowed(alice, "GET", "/api/v1/namespaces/default/pods", null)).isFalse();
  }

  @Test
  void roleBindingToClusterRoleGrantsOnlyInItsNamespace() {
    store.load(clusterRole("pod-reader", "- {apiGroups: [''], resources: [pods], verbs: [get]}"));
    store.load(binding("RoleBinding", "team-a", "ClusterRole", "pod-reader"));

    assertThat(allowed(alice, "GET", "/api/v1/namespaces/team-a/pods/p", null)).isTrue();
    assertThat(allowed(alice, "GET", "/api/v1/namespaces/team-b/pods/p", null)).isFalse();
    assertThat(allowed(alice, "GET", "/api/v1/pods/p", null)).isFalse();
  }

  @Test
  void clusterRoleBindingGrantsInEveryNamespaceAndAtTheClusterScope() {
    store.load(clusterRole("pod-reader", "- {apiGroups: [''], resources: [pods], verbs: [list]}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "pod-reader"));

    assertThat(allowed(alice, "GET", "/api/v1/namespaces/team-b/pods", null)).isTrue();
    assertThat(allowed(alice, "GET", "/api/v1/pods", null)).isTrue();
  }

  @Test
  void roleBindingToRoleOfAnotherNamespaceGrantsNothing() {
    store.load(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader, namespace: team-b}
        rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
        """);
    store.load(binding("RoleBinding", "team-a", "Role", "reader"));

    AuthorizationDecision decision =
        authorizer.authorize(
            alice, RequestInfo.of("GET", "/api/v1/namespaces/team-a/pods/p", null));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("RBAC: role.rbac.authorization.k8s.io \"reader\" not found");
  }

  @Test
  void resourceNamesDoNotGrantList() {
    store.load(
        clusterRole(
            "one-lease",
            "- {apiGroups: [coordination.k8s.io], resources: [leases], resourceNames: [op],"
                + " verbs: [get, list, watch, create, delete, deletecollection]}"));
    store.load(binding("RoleBinding", "ns", "ClusterRole", "one-lease"));
    String leases = "/apis/coordination.k8s.io/v1/namespaces/ns/leases";

    assertThat(allowed(alice, "GET", leases + "/op", null)).isTrue();
    assertThat(allowed(alice, "GET", leases + "/other", null)).isFalse();
    assertThat(allowed(alice, "GET", leases, null)).isFalse();
    assertThat(allowed(alice, "GET", leases, "watch=true")).isFalse();
    assertThat(allowed(alice, "POST", leases, null)).as("create has no name").isFalse();
    assertThat(allowed(alice, "DELETE", leases, null)).isFalse();
    assertThat(allowed(alice, "DELETE", leases + "/op", null)).isTrue();
  }

  @Test
  void resourceNamesGrantAListOrWatchThatSelectsThatNameByField() {
    store.load(
        clusterRole(
            "one-lease",
            "- {apiGroups: [coordination.k8s.io], resources: [leases], resourceNames: [op],"
                + " verbs: [list, watch]}"));
    store.load(binding("RoleBinding", "ns", "ClusterRole", "one-lease"));
    String leases = "/apis/coordination.k8s.io/v1/namespaces/ns/leases";

    assertThat(allowed(alice, "GET", leases, "fieldSelector=metadata.name%3Dop")).isTrue();
    assertThat(allowed(alice, "GET", leases, "watch=1&fieldSelector=metadata.name%3Dop")).isTrue();
    assertThat(allowed(alice, "GET", leases, "fieldSelector=metadata.name%3Dother")).isFalse();
  }

  @Test
  void watchNeedsTheWatchVerb() {
    store.load(
        clusterRole(
            "lister",
            "- {apiGroups: [countersign.dev], resources: [actionrequests], verbs: [get, list]}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "lister"));
    String requests = "/apis/countersign.dev/v1alpha1/namespaces/ns/actionrequests";

    assertThat(allowed(alice, "GET", requests, null)).isTrue();
    assertThat(allowed(alice, "GET", requests, "watch=true")).isFalse();
    assertThat(allowed(alice, "GET", "/apis/countersign.dev/v1alpha1/watch/actionrequests", null))
        .isFalse();
  }

  @Test
  void statusSubresourceNeedsItsOwnRule() {
    store.load(
        clusterRole(
            "writer",
            "- {apiGroups: [countersign.dev], resources: [actionrequests], verbs: [update]}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "writer"));
    String request = "/apis/countersign.dev/v1alpha1/namespaces/ns/actionrequests/r";

    assertThat(allowed(alice, "PUT", request, null)).isTrue();
    assertThat(allowed(alice, "PUT", request + "/status", null)).isFalse();

    store.load(
        clusterRole(
            "status-writer",
            "- {apiGroups: [countersign.dev], resources: [actionrequests/status], verbs: [update]}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "status-writer"));

    assertThat(allowed(alice, "PUT", request + "/status", null)).isTrue();
  }

  @Test
  void starSlashSubresourceMatchesThatSubresourceOfEveryResourceButResourceSlashStarMatchesNone() {
    store.load(
        clusterRole(
            "subresources",
            "- {apiGroups: ['*'], resources: ['*/scale', 'deployments/*'], verbs: [patch]}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "subresources"));

    assertThat(allowed(alice, "PATCH", "/apis/apps/v1/namespaces/n/deployments/d/scale", null))
        .isTrue();
    assertThat(allowed(alice, "PATCH", "/apis/apps/v1/namespaces/n/statefulsets/s/scale", null))
        .isTrue();
    assertThat(allowed(alice, "PATCH", "/apis/apps/v1/namespaces/n/deployments/d/status", null))
        .as("RBAC has no resource/* wildcard")
        .isFalse();
    assertThat(allowed(alice, "PATCH", "/apis/apps/v1/namespaces/n/deployments/d", null)).isFalse();
  }

  @Test
  void starsMatchEveryVerbGroupAndResourceButTheCoreGroupIsTheEmptyString() {
    store.load(clusterRole("core-all", "- {apiGroups: [''], resources: ['*'], verbs: ['*']}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "core-all"));

    assertThat(allowed(alice, "DELETE", "/api/v1/namespaces/n/secrets", null)).isTrue();
    assertThat(allowed(alice, "GET", "/api/v1/namespaces/n/pods/p/log", null)).isTrue();
    assertThat(allowed(alice, "GET", "/apis/apps/v1/namespaces/n/deployments", null)).isFalse();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByPrefixBeforeATrailingStar() {
    store.load(clusterRole("metrics", "- {nonResourceURLs: [/metrics, '/logs/*'], verbs: [get]}"));
    store.load(binding("ClusterRoleBinding", "", "ClusterRole", "metrics"));

    assertThat(allowed(alice, "GET", "/metrics", null)).isTrue();
    assertThat(allowed(alice, "GET", "/metrics/extra", null)).isFalse();
    assertThat(allowed(alice, "GET", "/logs/kube.log", null)).isTrue();
    assertThat(allowed(alice, "POST", "/metrics", null)).isFalse();
  }

  @Test
  void bootstrapPolicyLetsEveryAuthenticatedUserDiscoverButNotMore() {
    for (String path :
        new String[] {"/api", "/apis/apps/v1", "/version", "/openapi/v3", "/livez"}) {
      assertThat(allowed(alice, "GET", path, null)).as(path).isTrue();
    }
    assertThat(allowed(alice, "GET", "/metrics", null)).isFalse();
    assertThat(allowed(alice, "GET", "/version/extra", null)).isFalse();
    assertThat(
            allowed(alice, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", null))
        .isTrue();
    assertThat(allowed(alice, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", null))
        .isFalse();
  }

  @Test
  void systemMastersMayDoAnythingWithoutAReason() {
    UserInfo admin = UserInfo.user("kubernetes-admin", UserInfo.MASTERS);

    AuthorizationDecision decision =
        authorizer.authorize(
            admin, RequestInfo.of("DELETE", "/api/v1/namespaces/kube-system", null));

    assertThat(decision).isEqualTo(new AuthorizationDecision(true, ""));
  }

  @Test
  void allowReasonNamesTheBindingRoleAndSubject() {
    store.load(clusterRole("pod-reader", "- {apiGroups: [''], resources: [pods], verbs: [get]}"));
    store.load(binding("RoleBinding", "team-a", "ClusterRole", "pod-reader"));

    assertThat(
            authorizer
                .authorize(alice, RequestInfo.of("GET", "/api/v1/namespaces/team-a/pods/p", null))
                .reason())
        .isEqualTo(
            "RBAC: allowed by RoleBinding \"pod-reader-binding/team-a\" of ClusterRole"
                + " \"pod-reader\" to User \"alice\"");
  }

  @Test
  void serviceAccountSubjectWithoutNamespaceMeansTheRoleBindingsNamespace() {
    store.load(clusterRole("pod-reader", "- {apiGroups: [''], resources: [pods], verbs: [get]}"));
    store.load(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: sa, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
        subjects: [{kind: ServiceAccount, name: robot}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: sa-everywhere}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
        subjects: [{kind: ServiceAccount, name: robot}]
        """);
    UserInfo robotA = UserInfo.serviceAccount("team-a", "robot");
    UserInfo robotB = UserInfo.serviceAccount("team-b", "robot");

    assertThat(allowed(robotA, "GET", "/api/v1/namespaces/team-a/pods/p", null)).isTrue();
    assertThat(allowed(robotA, "GET", "/api/v1/namespaces/team-c/pods/p", null))
        .as("a ClusterRoleBinding's service account without a namespace is no one")
        .isFalse();
    assertThat(allowed(robotB, "GET", "/api/v1/namespaces/team-a/pods/p", null)).isFalse();
  }

  @Test
  void groupSubjectsMatchTheUsersGroups() {
    store.load(clusterRole("pod-reader", "- {apiGroups: [''], resources: [pods], verbs: [get]}"));
    store.load(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: all-service-accounts-of-team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
        subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: 'system:serviceaccounts:team-a'}]
        """);

    assertThat(allowed(UserInfo.serviceAccount("team-a", "any"), "GET", "/api/v1/pods/p", null))
        .isTrue();
    assertThat(allowed(alice, "GET", "/api/v1/pods/p", null)).isFalse();
  }
}
