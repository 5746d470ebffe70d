package dev.countersign.mcp.auth;

import dev.countersign.mcp.cache.Vouched;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Proves who is calling: the bearer token goes to the API server in a TokenReview that names the
 * door's audience, so a token minted for the API server (or for any other service) is refused. The
 * token itself is never used for anything else (no passthrough): the door files with its own
 * ServiceAccount.
 *
 * <p>A token the API server vouched for is remembered for {@link #CACHE_TTL} (by its SHA-256, never
 * the token itself), as the API server's own token authenticator caches its answers: an agent
 * making several calls costs one TokenReview. Refusals are never cached, and the cache is this
 * replica's only (any replica can answer any call, at the cost of one review).
 */
public final class TokenReviewer {
  /** How long an accepted token is trusted without asking again (kube-apiserver uses 10 s too). */
  public static final Duration CACHE_TTL = Duration.ofSeconds(10);

  private static final int CACHE_MAX = 10_000;

  private final KubernetesClient client;
  private final String audience;
  private final Vouched<String, Caller> accepted;

  public TokenReviewer(KubernetesClient client, String audience, Clock clock) {
    this.client = client;
    this.audience = audience;
    this.accepted = new Vouched<>(CACHE_TTL, CACHE_MAX, clock);
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
    String key = sha256(token);
    var known = accepted.known(key);
    if (known.isPresent()) {
      return new Authenticated(known.get());
    }
    Verdict verdict = ask(token);
    if (verdict instanceof Authenticated authenticated) {
      accepted.remember(key, authenticated.caller());
    }
    return verdict;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private Verdict ask(String token) {
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
