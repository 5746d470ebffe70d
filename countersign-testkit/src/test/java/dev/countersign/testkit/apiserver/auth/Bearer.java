package dev.countersign.testkit.apiserver.auth;

import java.util.List;
import java.util.Map;

/** Request headers carrying a bearer token, for tests. */
final class Bearer {

  private Bearer() {}

  static Map<String, List<String>> headers(String token) {
    return Map.of("Authorization", List.of("Bearer " + token));
  }
}
