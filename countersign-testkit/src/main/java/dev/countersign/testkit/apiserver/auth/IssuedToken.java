package dev.countersign.testkit.apiserver.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A bearer token the embedded API server accepts, and whom it authenticates.
 *
 * <p>A token without audiences and expiry behaves like a line of a static token file: it is good
 * for the API server's own audiences only, forever. A token with audiences or an expiry behaves
 * like a bound service account token (a JWT): it is good for its audiences (the API server's when
 * it names none) until one minute (the JWT leeway) after it expires.
 *
 * @param token the bearer token
 * @param user whom it authenticates
 * @param audiences the audiences it is good for; empty for the API server's
 * @param expiresAt when it expires; null for never
 */
public record IssuedToken(String token, UserInfo user, List<String> audiences, Instant expiresAt) {

  /** Checks the token and user, copies the audiences. */
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(user, "user");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("an empty bearer token never authenticates");
    }
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }

  /** A static token, as in a token file. */
  public static IssuedToken of(String token, UserInfo user) {
    return new IssuedToken(token, user, List.of(), null);
  }

  /** A bound token for the given audiences that expires at the given time. */
  public static IssuedToken bound(
      String token, UserInfo user, List<String> audiences, Instant expiresAt) {
    return new IssuedToken(token, user, audiences, expiresAt);
  }

  boolean isStatic() {
    return audiences.isEmpty() && expiresAt == null;
  }
}
