package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenReviewTest {

  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Authenticator authenticator =
      new Authenticator(Authenticator.DEFAULT_API_AUDIENCES, clock);
  private final AccessControl access =
      new AccessControl(authenticator, PolicyStore.withBootstrapPolicy(), clock);
  private final UserInfo agent = UserInfo.serviceAccount("agents", "deployer");
  private final UserInfo operator = UserInfo.serviceAccount("countersign-system", "countersign");
  private String operatorToken;

  @BeforeEach
  void tokens() {
    operatorToken = authenticator.issue(operator);
    authenticator.register(
        IssuedToken.bound("agent-token", agent, List.of("countersign"), NOW.plusSeconds(3600)));
    authenticator.register(
        IssuedToken.bound(
            "expired-token", agent, List.of("countersign"), NOW.minus(Duration.ofMinutes(2))));
    authenticator.register(
        IssuedToken.bound(
            "just-expired-token", agent, List.of("countersign"), NOW.minusSeconds(30)));
    access
        .policy()
        .load(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: countersign-auth-delegator}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator}
            subjects: [{kind: ServiceAccount, name: countersign, namespace: countersign-system}]
            """);
  }

  private JsonNode review(String token, String audiences) throws Exception {
    AccessResult check = access.check("POST", TOKEN_REVIEWS, null, Bearer.headers(operatorToken));
    assertThat(check.allowed()).as(check.body()).isTrue();
    String body =
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
            + token
            + "\""
            + (audiences == null ? "" : ",\"audiences\":" + audiences)
            + "}}";
    ReviewAnswer answer = access.answerReview(TOKEN_REVIEWS, body, check.user()).orElseThrow();
    assertThat(answer.status()).isEqualTo(201);
    return ApiJson.read(answer.body());
  }

  @Test
  void tokenForTheRequestedAudienceAuthenticatesItsUser() throws Exception {
    JsonNode review = review("agent-token", "[\"countersign\"]");

    assertThat(review.toString())
        .isEqualTo(
            "{\"kind\":\"TokenReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"metadata\":"
                + "{\"creationTimestamp\":null},\"spec\":{\"token\":\"agent-token\",\"audiences\":"
                + "[\"countersign\"]},\"status\":{\"authenticated\":true,\"user\":{\"username\":"
                + "\"system:serviceaccount:agents:deployer\",\"groups\":[\"system:serviceaccounts\","
                + "\"system:serviceaccounts:agents\",\"system:authenticated\"]},\"audiences\":"
                + "[\"countersign\"]}}");
  }

  @Test
  void tokenForAnotherAudienceDoesNotAuthenticate() throws Exception {
    JsonNode review = review("agent-token", null);

    assertThat(review.get("status").toString())
        .isEqualTo(
            "{\"user\":{},\"error\":\"[invalid bearer token, token audiences [\\\"countersign\\\"]"
                + " is invalid for the target audiences"
                + " [\\\"https://kubernetes.default.svc.cluster.local\\\"]]\"}");
  }

  @Test
  void expiredTokenDoesNotAuthenticateAfterTheLeeway() throws Exception {
    assertThat(review("expired-token", "[\"countersign\"]").get("status").toString())
        .isEqualTo(
            "{\"user\":{},\"error\":\"[invalid bearer token, service account token has expired]\"}");
    assertThat(
            review("just-expired-token", "[\"countersign\"]")
                .at("/status/authenticated")
                .asBoolean())
        .as("go-jose allows a minute of clock skew")
        .isTrue();
  }

  @Test
  void unknownTokenIsAnInvalidBearerToken() throws Exception {
    assertThat(review("nonsense", null).get("status").toString())
        .isEqualTo("{\"user\":{},\"error\":\"invalid bearer token\"}");
  }

  @Test
  void staticTokensAreGoodForTheApiServerOnly() throws Exception {
    JsonNode forServer = review(operatorToken, null);
    JsonNode forOther = review(operatorToken, "[\"countersign\"]");

    assertThat(forServer.at("/status/authenticated").asBoolean()).isTrue();
    assertThat(forServer.at("/status/audiences").toString())
        .isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");
    assertThat(forOther.get("status").toString())
        .isEqualTo("{\"user\":{},\"error\":\"invalid bearer token\"}");
  }

  @Test
  void tokenReviewNeedsAToken() {
    ReviewAnswer answer =
        access.answerReview(TOKEN_REVIEWS, "{\"spec\":{}}", operator).orElseThrow();

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body())
        .contains("\"message\":\"token is required for TokenReview in authentication\"");
  }

  @Test
  void creatingTokenReviewsNeedsItsOwnPermission() {
    String agentCaller = authenticator.issue(UserInfo.user("bob"));

    AccessResult result = access.check("POST", TOKEN_REVIEWS, null, Bearer.headers(agentCaller));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body())
        .contains(
            "tokenreviews.authentication.k8s.io is forbidden: User \\\"bob\\\" cannot create"
                + " resource \\\"tokenreviews\\\" in API group \\\"authentication.k8s.io\\\" at the"
                + " cluster scope");
  }

  @Test
  void boundTokensAuthenticateRequestsOnlyWhenTheyAreForTheApiServer() {
    authenticator.register(
        IssuedToken.bound(
            "api-token", agent, Authenticator.DEFAULT_API_AUDIENCES, NOW.plusSeconds(60)));

    assertThat(access.check("GET", "/version", null, Bearer.headers("api-token")).allowed())
        .isTrue();
    assertThat(access.check("GET", "/version", null, Bearer.headers("agent-token")).status())
        .isEqualTo(401);
    assertThat(access.check("GET", "/version", null, Bearer.headers("expired-token")).status())
        .isEqualTo(401);
  }
}
