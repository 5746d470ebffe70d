package dev.countersign.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps the local port of {@code kubectl approve ui} to the person who started it: a random
 * per-session token (in the URL printed to them; 403 without it) against other local users and
 * other sites, and the Host and Origin headers checked against the loopback address the server
 * listens on, against DNS rebinding and cross-site requests.
 */
final class UiGuard {
  static final String TOKEN_HEADER = "X-Countersign-Token";

  private final String token;
  private final Set<String> hosts;
  private final Set<String> origins;

  UiGuard(String token, int port) {
    this.token = token;
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
    this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  /** 32 random bytes from SecureRandom, URL-safe. */
  static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  String token() {
    return token;
  }

  /**
   * Why the request is refused, or empty when it may proceed.
   *
   * @param host the Host header
   * @param origin the Origin header, or null
   * @param fetchSite the Sec-Fetch-Site header, or null
   * @param presented the token from the header or the query, or null
   */
  Optional<String> refuse(String host, String origin, String fetchSite, String presented) {
    if (host == null || !hosts.contains(host)) {
      return Optional.of(
          "unexpected Host header " + host + ": open the URL kubectl approve ui printed");
    }
    if (origin != null && !origins.contains(origin)) {
      return Optional.of("requests from other sites are refused (Origin " + origin + ")");
    }
    if ("cross-site".equals(fetchSite)) {
      return Optional.of("requests from other sites are refused");
    }
    if (presented == null
        || !MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("missing or wrong session token: open the URL kubectl approve ui printed");
    }
    return Optional.empty();
  }
}
