package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessControlTest {

  private static final String UNAUTHORIZED =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
          + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";

  private final AccessControl access = new AccessControl();
  private final UserInfo operator = UserInfo.serviceAccount("countersign-system", "countersign");
  private final UserInfo alice = UserInfo.user("alice");
  private String operatorToken;
  private String aliceToken;

  @BeforeEach
  void identities() {
    operatorToken = access.authenticator().issue(operator);
    aliceToken = access.authenticator().issue(alice);
    access
        .policy()
        .load(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: leader-election, namespace: countersign-system}
            rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: leader-election, namespace: countersign-system}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leader-election}
            subjects: [{kind: ServiceAccount, name: countersign, namespace: countersign-system}]
            """);
  }

  private AccessResult check(String token, String method, String target) {
    return access.check(method, target, Bearer.headers(token));
  }

  private static String message(AccessResult result) throws Exception {
    return ApiJson.read(result.body()).get("message").asText();
  }

  @Test
  void serviceAccountWithoutPatchOnLeasesIsForbiddenWithTheApiServersMessage() {
    String lease =
        "/apis/coordination.k8s.io/v1/namespaces/countersign-system/leases/countersign-operator";

    assertThat(check(operatorToken, "PUT", lease).allowed()).isTrue();
    AccessResult patch = check(operatorToken, "PATCH", lease);

    assertThat(patch.allowed()).isFalse();
    assertThat(patch.status()).isEqualTo(403);
    assertThat(patch.user()).isEqualTo(operator);
    assertThat(patch.headers()).containsEntry("Content-Type", "application/json");
    assertThat(patch.body())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"leases.coordination.k8s.io \\\"countersign-operator\\\" is"
                + " forbidden: User \\\"system:serviceaccount:countersign-system:countersign\\\""
                + " cannot patch resource \\\"leases\\\" in API group \\\"coordination.k8s.io\\\""
                + " in the namespace \\\"countersign-system\\\"\",\"reason\":\"Forbidden\","
                + "\"details\":{\"name\":\"countersign-operator\",\"group\":\"coordination.k8s.io\","
                + "\"kind\":\"leases\"},\"code\":403}");
  }

  @Test
  void coreGroupResourcesNameTheEmptyGroupAsTheApiServerDoes() throws Exception {
    // errors.go always writes `in API group %q`; for the core group that is `in API group ""`.
    AccessResult result = check(aliceToken, "GET", "/api/v1/namespaces/default/pods/web-0");

    assertThat(message(result))
        .isEqualTo(
            "pods \"web-0\" is forbidden: User \"alice\" cannot get resource \"pods\" in API"
                + " group \"\" in the namespace \"default\"");
    assertThat(ApiJson.read(result.body()).get("details").toString())
        .isEqualTo("{\"name\":\"web-0\",\"kind\":\"pods\"}");
  }

  @Test
  void clusterScopedRequestsAreForbiddenAtTheClusterScope() throws Exception {
    assertThat(message(check(aliceToken, "GET", "/api/v1/nodes/node-1")))
        .isEqualTo(
            "nodes \"node-1\" is forbidden: User \"alice\" cannot get resource \"nodes\" in API"
                + " group \"\" at the cluster scope");
  }

  @Test
  void subresourcesAreNamedWithTheirResource() throws Exception {
    assertThat(
            message(
                check(
                    operatorToken,
                    "PUT",
                    "/apis/countersign.dev/v1alpha1/namespaces/team-a/actionrequests/r1/status")))
        .isEqualTo(
            "actionrequests.countersign.dev \"r1\" is forbidden: User"
                + " \"system:serviceaccount:countersign-system:countersign\" cannot update resource"
                + " \"actionrequests/status\" in API group \"countersign.dev\" in the namespace"
                + " \"team-a\"");
  }

  @Test
  void listsWithoutANameAreForbiddenForTheResource() throws Exception {
    AccessResult result =
        check(aliceToken, "GET", "/apis/countersign.dev/v1alpha1/actionrequests?limit=500");

    assertThat(message(result))
        .isEqualTo(
            "actionrequests.countersign.dev is forbidden: User \"alice\" cannot list resource"
                + " \"actionrequests\" in API group \"countersign.dev\" at the cluster scope");
    assertThat(ApiJson.read(result.body()).get("details").toString())
        .isEqualTo("{\"group\":\"countersign.dev\",\"kind\":\"actionrequests\"}");
  }

  @Test
  void nonResourceUrlsAreForbiddenByPath() throws Exception {
    AccessResult result = check(aliceToken, "GET", "/metrics");

    assertThat(result.body())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"forbidden: User \\\"alice\\\" cannot get path \\\"/metrics\\\"\","
                + "\"reason\":\"Forbidden\",\"details\":{},\"code\":403}");
    assertThat(check(aliceToken, "GET", "/version").allowed()).isTrue();
  }

  @Test
  void missingUnknownOrMalformedTokensAreUnauthorized() {
    for (Map<String, List<String>> headers :
        List.of(
            Map.<String, List<String>>of(),
            Bearer.headers("not-a-token"),
            Map.of("Authorization", List.of("Basic " + aliceToken)),
            Map.of("authorization", List.of("Bearer")))) {
      AccessResult result = access.check("GET", "/version", null, headers);
      assertThat(result.allowed()).isFalse();
      assertThat(result.status()).isEqualTo(401);
      assertThat(result.user()).isNull();
      assertThat(result.body()).isEqualTo(UNAUTHORIZED);
    }
  }

  @Test
  void headerNamesAndTheBearerSchemeAreCaseInsensitive() {
    AccessResult result =
        access.check(
            "GET", "/version", null, Map.of("authorization", List.of("bearer " + aliceToken)));

    assertThat(result.allowed()).isTrue();
    assertThat(result.user().groups()).containsExactly("system:authenticated");
  }

  @Test
  void allowedRequestsCarryTheUserAndTheResolvedRequest() {
    AccessResult result =
        check(
            operatorToken,
            "GET",
            "/apis/coordination.k8s.io/v1/namespaces/countersign-system/leases/countersign-operator");

    assertThat(result.allowed()).isTrue();
    assertThat(result.user().username())
        .isEqualTo("system:serviceaccount:countersign-system:countersign");
    assertThat(result.request().verb()).isEqualTo("get");
    assertThat(result.body()).isEmpty();
  }

  @Test
  void rbacObjectsCreatedAtRuntimeGrantAtOnce() {
    String pods = "/api/v1/namespaces/default/pods";
    assertThat(check(aliceToken, "GET", pods).allowed()).isFalse();

    JsonNode binding =
        RbacManifests.read(
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: alice-view, namespace: default}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-lister}
                subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: pod-lister}
                rules: [{apiGroups: [''], resources: [pods], verbs: [list]}]
                """)
            .get(0);
    access.policy().upsert(binding);
    assertThat(check(aliceToken, "GET", pods).body())
        .as("the binding's role does not exist yet")
        .contains(
            "in the namespace \\\"default\\\": RBAC: clusterrole.rbac.authorization.k8s.io"
                + " \\\"pod-lister\\\" not found");

    access
        .policy()
        .load(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: pod-lister}
            rules: [{apiGroups: [''], resources: [pods], verbs: [list]}]
            """);
    assertThat(check(aliceToken, "GET", pods).allowed()).isTrue();
  }

  @Test
  void htmlInMessagesIsSanitizedAndEscapedAsGoWritesJson() {
    AccessResult result = check(aliceToken, "GET", "/api/v1/namespaces/default/configmaps/a<b>&c");

    assertThat(result.body())
        .contains(
            "configmaps \\\"a\\u003cb\\u003e\\u0026c\\\" is forbidden: User \\\"alice\\\" cannot"
                + " get resource \\\"configmaps\\\"");
  }
}
