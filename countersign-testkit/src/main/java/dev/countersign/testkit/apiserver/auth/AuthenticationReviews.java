package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Answers SelfSubjectReviews (who am I) and TokenReviews (whom does this token authenticate, for
 * these audiences) from the same authenticator that guards requests, as
 * k8s.io/kubernetes/pkg/registry/authentication does.
 */
final class AuthenticationReviews {

  private final Authenticator authenticator;
  private final Clock clock;

  AuthenticationReviews(Authenticator authenticator, Clock clock) {
    this.authenticator = authenticator;
    this.clock = clock;
  }

  ReviewAnswer selfSubjectReview(UserInfo user) {
    ReviewEndpoint endpoint = ReviewEndpoint.SELF_SUBJECT_REVIEW;
    ObjectNode review = ApiJson.object();
    review.put("kind", endpoint.kind);
    review.put("apiVersion", endpoint.apiVersion());
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    review.putObject("metadata").put("creationTimestamp", now);
    review.putObject("status").set("userInfo", user.toJson());
    return ReviewAnswer.created(ApiJson.write(review));
  }

  ReviewAnswer tokenReview(JsonNode review) {
    JsonNode spec = review.path("spec");
    String token = ApiJson.text(spec, "token");
    if (token.isEmpty()) {
      return ReviewAnswer.badRequest("token is required for TokenReview in authentication");
    }
    List<String> audiences = ApiJson.textList(spec, "audiences");
    TokenAuthentication outcome = authenticator.authenticateToken(token, audiences);

    ObjectNode echoedSpec = ApiJson.object();
    echoedSpec.put("token", token);
    ApiJson.putIfNotEmpty(echoedSpec, "audiences", audiences);
    ObjectNode status = ApiJson.object();
    if (outcome.authenticated()) {
      status.put("authenticated", true);
    }
    status.set("user", outcome.user() == null ? ApiJson.object() : outcome.user().toJson());
    ApiJson.putIfNotEmpty(status, "audiences", outcome.audiences());
    ApiJson.putIfNotEmpty(status, "error", outcome.error());
    return ReviewAnswer.created(
        ApiJson.write(ReviewEndpoint.TOKEN_REVIEW.envelope(echoedSpec, status)));
  }
}
