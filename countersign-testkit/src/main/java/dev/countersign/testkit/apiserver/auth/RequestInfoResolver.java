package dev.countersign.testkit.apiserver.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a {@link RequestInfo} from method, path and query exactly as
 * k8s.io/apiserver/pkg/endpoints/request/requestinfo.go does, with the API prefixes {@code api}
 * (groupless) and {@code apis}.
 */
final class RequestInfoResolver {

  private static final Set<String> API_PREFIXES = Set.of("api", "apis");
  private static final Set<String> GROUPLESS_API_PREFIXES = Set.of("api");
  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
  private static final Set<String> SPECIAL_VERBS_NO_SUBRESOURCES = Set.of("proxy");
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  private static final Set<String> VERBS_WITH_SELECTORS =
      Set.of("list", "watch", "deletecollection");

  private RequestInfoResolver() {}

  static RequestInfo resolve(String method, String rawPath, String rawQuery) {
    String path = QueryParameters.unescape(rawPath, false).orElse(rawPath);
    String httpVerb = method.toLowerCase(Locale.ROOT);
    RequestInfo nonResource = RequestInfo.nonResource(httpVerb, path);
    List<String> parts = splitPath(path);
    if (parts.size() < 3 || !API_PREFIXES.contains(parts.get(0))) {
      return nonResource;
    }
    String apiPrefix = parts.get(0);
    parts = parts.subList(1, parts.size());
    String apiGroup = "";
    if (!GROUPLESS_API_PREFIXES.contains(apiPrefix)) {
      if (parts.size() < 3) {
        return nonResource;
      }
      apiGroup = parts.get(0);
      parts = parts.subList(1, parts.size());
    }
    String apiVersion = parts.get(0);
    parts = parts.subList(1, parts.size());

    String verb;
    boolean verbViaPathPrefix = false;
    if (SPECIAL_VERBS.contains(parts.get(0))) {
      if (parts.size() < 2) {
        // The API server answers 500 before authenticating; this is what it had resolved.
        return new RequestInfo(
            true,
            path,
            httpVerb,
            apiPrefix,
            apiGroup,
            apiVersion,
            "",
            "",
            "",
            "",
            List.of(),
            "",
            "");
      }
      verb = parts.get(0);
      parts = parts.subList(1, parts.size());
      verbViaPathPrefix = true;
    } else {
      verb = verbOf(method);
    }

    String namespace = "";
    if (parts.get(0).equals("namespaces")) {
      if (parts.size() > 1) {
        namespace = parts.get(1);
        if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
          parts = parts.subList(2, parts.size());
        }
      }
    }

    String resource = parts.get(0);
    String name = parts.size() >= 2 ? parts.get(1) : "";
    String subresource =
        parts.size() >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.contains(verb) ? parts.get(2) : "";

    QueryParameters query = QueryParameters.parse(rawQuery);
    if (name.isEmpty() && verb.equals("get")) {
      ListOptions options = ListOptions.decode(query);
      verb = options.watch() ? "watch" : "list";
      name = options.name().orElse("");
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    String fieldSelector = "";
    String labelSelector = "";
    if (!verbViaPathPrefix && VERBS_WITH_SELECTORS.contains(verb)) {
      fieldSelector = query.first("fieldSelector").orElse("");
      labelSelector = query.first("labelSelector").orElse("");
    }
    return new RequestInfo(
        true,
        path,
        verb,
        apiPrefix,
        apiGroup,
        apiVersion,
        namespace,
        resource,
        subresource,
        name,
        parts,
        fieldSelector,
        labelSelector);
  }

  private static String verbOf(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "POST" -> "create";
      case "GET", "HEAD" -> "get";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "";
    };
  }

  private static List<String> splitPath(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/", -1));
  }

  /**
   * The parts of metav1.ListOptions that decide the verb and name: {@code watch}, and an exact
   * {@code metadata.name} field selector (ignored when any list option fails to decode).
   */
  private record ListOptions(boolean watch, Optional<String> name) {

    static ListOptions decode(QueryParameters query) {
      boolean watch =
          query
              .first("watch")
              .map(value -> !value.equals("0") && !value.equalsIgnoreCase("false"))
              .orElse(false);
      if (!isInteger(query, "limit") || !isInteger(query, "timeoutSeconds")) {
        return new ListOptions(watch, Optional.empty());
      }
      try {
        Optional<String> name = query.first("fieldSelector").flatMap(FieldSelectorName::of);
        return new ListOptions(watch, name);
      } catch (IllegalArgumentException e) {
        return new ListOptions(watch, Optional.empty());
      }
    }

    private static boolean isInteger(QueryParameters query, String key) {
      Optional<String> value = query.first(key);
      if (value.isEmpty()) {
        return true;
      }
      try {
        Long.parseLong(value.get());
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }
}
