package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessReviewsTest {

  private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final String SSRR = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final String WHOAMI = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

  private final Clock clock =
      Clock.fixed(Instant.parse("2026-12-01T10:15:30.250Z"), ZoneOffset.UTC);
  private final AccessControl access =
      new AccessControl(
          new Authenticator(Authenticator.DEFAULT_API_AUDIENCES, clock),
          PolicyStore.withBootstrapPolicy(),
          clock);
  private final UserInfo approver = UserInfo.user("alice", "approvers");
  private String approverToken;

  @BeforeEach
  void policy() {
    approverToken = access.authenticator().issue(approver);
    access
        .policy()
        .load(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: request-reader}
            rules: [{apiGroups: [countersign.dev], resources: [actionrequests], verbs: [get, list]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: approvers-read}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: request-reader}
            subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: approvers}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: approve, namespace: team-a}
            rules: [{apiGroups: [countersign.dev], resources: [approvals], verbs: [create], resourceNames: [a1]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: alice-approves, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: approve}
            subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
            """);
  }

  /** Posts a review as the approver, through the check as the dispatcher does. */
  private JsonNode post(String path, String body) throws Exception {
    AccessResult check = access.check("POST", path, null, Bearer.headers(approverToken));
    assertThat(check.allowed()).as(check.body()).isTrue();
    ReviewAnswer answer = access.answerReview(path, body, check.user()).orElseThrow();
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return ApiJson.read(answer.body());
  }

  @Test
  void accessReviewAllowsWhatTheAuthorizerAllowsAndSaysWhy() throws Exception {
    JsonNode review =
        post(
            SSAR,
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
             "spec":{"resourceAttributes":{"namespace":"team-b","verb":"list",
                     "group":"countersign.dev","resource":"actionrequests"}}}
            """);

    assertThat(review.toString())
        .isEqualTo(
            "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"resourceAttributes\":"
                + "{\"namespace\":\"team-b\",\"verb\":\"list\",\"group\":\"countersign.dev\","
                + "\"resource\":\"actionrequests\"}},\"status\":{\"allowed\":true,\"reason\":"
                + "\"RBAC: allowed by ClusterRoleBinding \\\"approvers-read\\\" of ClusterRole"
                + " \\\"request-reader\\\" to Group \\\"approvers\\\"\"}}");
  }

  @Test
  void accessReviewDeniesWhatTheAuthorizerDenies() throws Exception {
    JsonNode watch =
        post(
            SSAR,
            """
            {"spec":{"resourceAttributes":{"namespace":"team-a","verb":"watch",
                     "group":"countersign.dev","resource":"actionrequests"}}}
            """);
    JsonNode otherApproval =
        post(
            SSAR,
            """
            {"spec":{"resourceAttributes":{"namespace":"team-a","verb":"create",
                     "group":"countersign.dev","resource":"approvals"}}}
            """);
    JsonNode path =
        post(
            SSAR,
            "{\"spec\":{\"nonResourceAttributes\":{\"path\":\"/version\",\"verb\":\"get\"}}}");

    assertThat(watch.get("status").toString()).isEqualTo("{\"allowed\":false}");
    assertThat(otherApproval.get("status").toString()).isEqualTo("{\"allowed\":false}");
    assertThat(path.at("/status/allowed").asBoolean()).isTrue();
  }

  @Test
  void accessReviewNeedsExactlyOneKindOfAttributes() {
    ReviewAnswer answer = access.answerReview(SSAR, "{\"spec\":{}}", approver).orElseThrow();

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body())
        .contains(
            "\"message\":\"SelfSubjectAccessReview.authorization.k8s.io \\\"\\\" is invalid:"
                + " spec.resourceAttributes: Invalid value: \\\"null\\\": exactly one of"
                + " nonResourceAttributes or resourceAttributes must be specified\"");
  }

  @Test
  void rulesReviewListsNamespaceAndClusterRules() throws Exception {
    JsonNode review =
        post(
            SSRR,
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                + "\"spec\":{\"namespace\":\"team-a\"}}");

    JsonNode status = review.get("status");
    assertThat(review.get("spec").toString()).isEqualTo("{}");
    assertThat(status.get("resourceRules").toString())
        .contains(
            "{\"verbs\":[\"create\"],\"apiGroups\":[\"authorization.k8s.io\"],\"resources\":"
                + "[\"selfsubjectaccessreviews\",\"selfsubjectrulesreviews\"]}",
            "{\"verbs\":[\"get\",\"list\"],\"apiGroups\":[\"countersign.dev\"],\"resources\":"
                + "[\"actionrequests\"]}",
            "{\"verbs\":[\"create\"],\"apiGroups\":[\"countersign.dev\"],\"resources\":"
                + "[\"approvals\"],\"resourceNames\":[\"a1\"]}");
    assertThat(status.get("nonResourceRules").toString())
        .contains("{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\",\"/livez\",\"/readyz\"");
    assertThat(status.get("incomplete").asBoolean()).isFalse();
    assertThat(status.has("evaluationError")).isFalse();
  }

  @Test
  void rulesReviewOfAnotherNamespaceHasOnlyTheClusterRules() throws Exception {
    JsonNode review = post(SSRR, "{\"spec\":{\"namespace\":\"team-b\"}}");

    assertThat(review.at("/status/resourceRules").toString()).doesNotContain("approvals");
  }

  @Test
  void rulesReviewNeedsANamespace() {
    ReviewAnswer answer = access.answerReview(SSRR, "{\"spec\":{}}", approver).orElseThrow();

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("\"message\":\"no namespace on request\"");
  }

  @Test
  void selfSubjectReviewSaysWhoTheCallerIs() throws Exception {
    JsonNode review =
        post(
            WHOAMI, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}");

    assertThat(review.toString())
        .isEqualTo(
            "{\"kind\":\"SelfSubjectReview\",\"apiVersion\":\"authentication.k8s.io/v1\","
                + "\"metadata\":{\"creationTimestamp\":\"2026-12-01T10:15:30Z\"},\"status\":"
                + "{\"userInfo\":{\"username\":\"alice\",\"groups\":[\"approvers\","
                + "\"system:authenticated\"]}}}");
  }

  @Test
  void aSubjectAccessReviewAnswersForTheUserAndGroupsItNames() {
    String path = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    String body =
        "{\"spec\":{\"user\":\"%s\",\"groups\":[\"system:authenticated\"],"
            + "\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"nothings\"}}}";
    var answer = access.answerReview(path, body.formatted("nobody"), approver).orElseThrow();

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body()).contains("\"kind\":\"SubjectAccessReview\"", "\"allowed\":false");
    assertThat(access.answerReview(path, "{\"spec\":{}}", approver).orElseThrow().status())
        .isEqualTo(422);
  }

  @Test
  void reviewsAreAnsweredOnlyAtTheirPaths() {
    assertThat(AccessControl.isReviewPath(SSAR)).isTrue();
    assertThat(AccessControl.isReviewPath("/apis/authentication.k8s.io/v1/tokenreviews")).isTrue();
    assertThat(AccessControl.isReviewPath("/apis/authorization.k8s.io/v1/subjectaccessreviews"))
        .isTrue();
    assertThat(
            AccessControl.isReviewPath(
                "/apis/authorization.k8s.io/v1/namespaces/x/localsubjectaccessreviews"))
        .isFalse();
    assertThat(access.answerReview("/api/v1/pods", "{}", approver)).isEmpty();
    assertThat(access.answerReview(SSAR, "not json", approver).orElseThrow().status())
        .isEqualTo(400);
  }
}
