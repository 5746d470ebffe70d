package dev.countersign.testkit.apiserver.admission;

import java.util.List;
import java.util.Map;

/**
 * A policy's {@code matchConstraints.resourceRules}: which groups, versions, operations and
 * resources (with {@code *} and {@code resource/subresource}) it is consulted for. A rule for
 * {@code actionrequests} does not match {@code actionrequests/status}, as in the API server.
 */
record ResourceMatch(List<Map<String, Object>> rules) {

  @SuppressWarnings("unchecked")
  static ResourceMatch of(Map<String, Object> constraints, String policy) {
    if (constraints == null) {
      return new ResourceMatch(List.of());
    }
    for (String unsupported : List.of("namespaceSelector", "objectSelector")) {
      Object selector = constraints.get(unsupported);
      if (selector instanceof Map<?, ?> map && !map.isEmpty()) {
        throw new IllegalArgumentException(
            policy + ": matchConstraints." + unsupported + " is not supported by the test server");
      }
    }
    if (constraints.get("excludeResourceRules") != null) {
      throw new IllegalArgumentException(
          policy + ": excludeResourceRules is not supported by the test server");
    }
    Object rules = constraints.get("resourceRules");
    return new ResourceMatch(rules == null ? List.of() : (List<Map<String, Object>>) rules);
  }

  boolean matches(AdmissionRequest request) {
    String resource =
        request.subresource().isEmpty()
            ? request.resource()
            : request.resource() + "/" + request.subresource();
    return rules.stream()
        .anyMatch(
            rule ->
                has(rule, "apiGroups", request.group())
                    && has(rule, "apiVersions", request.version())
                    && has(rule, "operations", request.operation())
                    && resourceMatches(rule, request.resource(), resource));
  }

  @SuppressWarnings("unchecked")
  private static boolean has(Map<String, Object> rule, String key, String value) {
    List<String> values = (List<String>) rule.getOrDefault(key, List.of());
    return values.contains("*") || values.contains(value);
  }

  @SuppressWarnings("unchecked")
  private static boolean resourceMatches(
      Map<String, Object> rule, String resource, String withSubresource) {
    for (String wanted : (List<String>) rule.getOrDefault("resources", List.of())) {
      if (wanted.equals("*") && resource.equals(withSubresource)) {
        return true;
      }
      if (wanted.equals("*/*") || wanted.equals(withSubresource)) {
        return true;
      }
      if (wanted.startsWith("*/") && withSubresource.endsWith(wanted.substring(1))) {
        return true;
      }
      if (wanted.endsWith("/*")
          && withSubresource.startsWith(wanted.substring(0, wanted.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
