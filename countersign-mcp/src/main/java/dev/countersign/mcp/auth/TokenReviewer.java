package dev.countersign.mcp.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * Proves who is calling: the bearer token goes to the API server in a TokenReview that names the
 * door's audience, so a token minted for the API server (or for any other service) is refused. The
 * token itself is never used for anything else (no passthrough): the door files with its own
 * ServiceAccount.
 */
public final class TokenReviewer {
  private final KubernetesClient client;
  private final String audience;

  public TokenReviewer(KubernetesClient client, String audience) {
    this.client = client;
    this.audience = audience;
  }

  /** What a TokenReview said about one token. */
  public sealed interface Verdict {}

  /** The token is good for the door's audience and names this caller. */
  public record Authenticated(Caller caller) implements Verdict {}

  /** The token is missing, unknown, expired or for another audience; {@code why} says which. */
  public record Refused(String why) implements Verdict {}

  /** The API server could not be asked (fail closed: no call goes through). */
  public record Unavailable(String why) implements Verdict {}

  public Verdict review(String token) {
    if (token == null || token.isBlank()) {
      return new Refused("no bearer token");
    }
    TokenReview review =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audience)
            .endSpec()
            .build();
    TokenReview answer;
    try {
      answer = client.resource(review).create();
    } catch (KubernetesClientException e) {
      return new Unavailable(
          "the API server did not answer the TokenReview (HTTP " + e.getCode() + ")");
    }
    var status = answer.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      String error = status == null ? null : status.getError();
      return new Refused(
          "the token is not valid for audience "
              + audience
              + " (missing, expired, revoked or bound to another audience)"
              + (error == null || error.isBlank() ? "" : ": " + error));
    }
    List<String> audiences = status.getAudiences() == null ? List.of() : status.getAudiences();
    if (!audiences.contains(audience)) {
      return new Refused("the token is not bound to audience " + audience);
    }
    var user = status.getUser();
    return new Authenticated(new Caller(user.getUsername(), user.getGroups()));
  }
}
