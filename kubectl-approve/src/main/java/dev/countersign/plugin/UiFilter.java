package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline's filters, from the query string: {@code namespace}, {@code action} and {@code
 * phase} match exactly; {@code agent} and {@code target} match a part, ignoring case; {@code since}
 * and {@code until} (RFC 3339) bound the creation time. An empty value matches everything.
 */
record UiFilter(
    String namespace,
    String agent,
    String action,
    String target,
    String phase,
    Instant since,
    Instant until) {

  static UiFilter parse(String query) {
    Map<String, String> q = query(query);
    return new UiFilter(
        q.get("namespace"),
        q.get("agent"),
        q.get("action"),
        q.get("target"),
        q.get("phase"),
        instant("since", q.get("since")),
        instant("until", q.get("until")));
  }

  /** The filter without its phase: what the counts per phase are taken over. */
  UiFilter anyPhase() {
    return new UiFilter(namespace, agent, action, target, null, since, until);
  }

  boolean matches(ActionRequest r, UiRow row) {
    if (!blank(namespace) && !namespace.equals(row.namespace())) {
      return false;
    }
    if (!blank(action) && !action.equals(row.action())) {
      return false;
    }
    if (!blank(phase) && !phase.equals(row.phase())) {
      return false;
    }
    if (!blank(agent) && !contains(row.agent(), agent)) {
      return false;
    }
    if (!blank(target) && !contains(row.target(), target)) {
      return false;
    }
    if (since != null || until != null) {
      Instant created = RequestText.instant(r.getMetadata().getCreationTimestamp());
      if (created == null
          || (since != null && created.isBefore(since))
          || (until != null && created.isAfter(until))) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(String value, String part) {
    return value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Instant instant(String name, String text) {
    if (blank(text)) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " needs a time such as 2026-01-31T12:00:00Z: " + text);
    }
  }

  static Map<String, String> query(String query) {
    Map<String, String> params = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
