package dev.countersign.testkit.apiserver.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates requests by their bearer token, as kube-apiserver does with a token file and
 * service account tokens, and with anonymous requests disabled. Thread-safe.
 *
 * <p>Tokens are registered with {@link #register(IssuedToken)} or {@link #issue(UserInfo)}. Every
 * authenticated identity gets {@code system:authenticated} (the API server's group adder).
 */
public final class Authenticator {

  /** The API server audiences of kind and kubeadm clusters. */
  public static final List<String> DEFAULT_API_AUDIENCES =
      List.of("https://kubernetes.default.svc.cluster.local");

  /** go-jose's default leeway when checking a JWT's expiry. */
  static final Duration JWT_LEEWAY = Duration.ofMinutes(1);

  static final String INVALID_BEARER_TOKEN = "invalid bearer token";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final List<String> apiAudiences;
  private final Clock clock;

  /** An authenticator for the default API audiences on the system clock. */
  public Authenticator() {
    this(DEFAULT_API_AUDIENCES, Clock.systemUTC());
  }

  /**
   * An authenticator for the given API server audiences (--api-audiences) and clock.
   *
   * @param apiAudiences the audiences the API server itself accepts
   * @param clock the clock token expiry is checked against
   */
  public Authenticator(List<String> apiAudiences, Clock clock) {
    this.apiAudiences = List.copyOf(apiAudiences);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The audiences the API server itself accepts. */
  public List<String> apiAudiences() {
    return apiAudiences;
  }

  /** Accepts a token (replacing any registration of the same token). */
  public void register(IssuedToken token) {
    tokens.put(token.token(), token);
  }

  /** Accepts a static token for the given user. */
  public void register(String token, UserInfo user) {
    register(IssuedToken.of(token, user));
  }

  /** Registers and returns a new random static token for the given user. */
  public String issue(UserInfo user) {
    String token = randomToken();
    register(token, user);
    return token;
  }

  /**
   * Registers and returns a new random token for the given user, good for these audiences (the API
   * server's when empty) until it expires, as a TokenRequest issues one.
   */
  public String issueBound(UserInfo user, List<String> audiences, Instant expiresAt) {
    String token = randomToken();
    register(IssuedToken.bound(token, user, audiences, expiresAt));
    return token;
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stops accepting a token. */
  public void revoke(String token) {
    tokens.remove(token);
  }

  /**
   * Authenticates a request by its {@code Authorization: Bearer} header, for the API server's
   * audiences. Empty when the request carries no bearer token or one that does not authenticate.
   *
   * @param headers the request headers; names are matched case-insensitively
   */
  public Optional<UserInfo> authenticate(Map<String, ? extends List<String>> headers) {
    return bearerToken(headers)
        .map(token -> authenticateToken(token, apiAudiences))
        .filter(TokenAuthentication::authenticated)
        .map(TokenAuthentication::user);
  }

  /**
   * Authenticates a token for the requested audiences, as a TokenReview does: the API server's
   * audiences when none are requested.
   *
   * @param token the bearer token
   * @param requestedAudiences the audiences the caller needs the token to be good for
   */
  public TokenAuthentication authenticateToken(String token, List<String> requestedAudiences) {
    List<String> requested = requestedAudiences.isEmpty() ? apiAudiences : requestedAudiences;
    IssuedToken issued = tokens.get(token);
    if (issued == null) {
      return TokenAuthentication.failure(INVALID_BEARER_TOKEN);
    }
    if (issued.isStatic()) {
      // An audience-agnostic authenticator: good for the API server's audiences only.
      List<String> audiences = intersect(apiAudiences, requested);
      return audiences.isEmpty()
          ? TokenAuthentication.failure(INVALID_BEARER_TOKEN)
          : TokenAuthentication.success(issued.user().withAuthenticatedGroup(), audiences);
    }
    List<String> tokenAudiences = issued.audiences().isEmpty() ? apiAudiences : issued.audiences();
    List<String> audiences = intersect(tokenAudiences, requested);
    if (audiences.isEmpty() && !apiAudiences.isEmpty()) {
      return TokenAuthentication.failure(
          withInvalidBearerToken(
              "token audiences "
                  + GoQuoted.list(tokenAudiences)
                  + " is invalid for the target audiences "
                  + GoQuoted.list(requested)));
    }
    if (issued.expiresAt() != null
        && clock.instant().minus(JWT_LEEWAY).isAfter(issued.expiresAt())) {
      return TokenAuthentication.failure(
          withInvalidBearerToken("service account token has expired"));
    }
    return TokenAuthentication.success(issued.user().withAuthenticatedGroup(), audiences);
  }

  /** The bearer token of a request as k8s.io/apiserver's bearertoken authenticator finds it. */
  static Optional<String> bearerToken(Map<String, ? extends List<String>> headers) {
    String auth = firstHeader(headers, "Authorization").strip();
    if (auth.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = auth.split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    return parts[1].isEmpty() ? Optional.empty() : Optional.of(parts[1]);
  }

  private static String firstHeader(Map<String, ? extends List<String>> headers, String name) {
    if (headers == null) {
      return "";
    }
    for (Map.Entry<String, ? extends List<String>> header : headers.entrySet()) {
      if (header.getKey() != null
          && header.getKey().equalsIgnoreCase(name)
          && header.getValue() != null
          && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return "";
  }

  /**
   * The token union's aggregate, as kube-apiserver reports a token its JWT authenticator rejects.
   */
  private static String withInvalidBearerToken(String error) {
    return ErrorAggregate.message(List.of(INVALID_BEARER_TOKEN, error));
  }

  /** The target audiences the token audiences have, in the target's order (Audiences.Intersect). */
  private static List<String> intersect(List<String> tokenAudiences, List<String> target) {
    return target.stream().filter(tokenAudiences::contains).toList();
  }
}
