package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule), matched as
 * k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go matches it.
 *
 * @param verbs the verbs, {@code *} for all
 * @param apiGroups the API groups, {@code ""} for core and {@code *} for all
 * @param resources the resources: {@code *}, {@code pods}, {@code pods/status}, or {@code *}
 *     followed by {@code /status} for that subresource of every resource
 * @param resourceNames the object names; empty for any
 * @param nonResourceURLs the non-resource paths, exact or ending in {@code *}
 */
public record PolicyRule(
    List<String> verbs,
    List<String> apiGroups,
    List<String> resources,
    List<String> resourceNames,
    List<String> nonResourceURLs) {

  /** Copies the lists, null as empty (so that rules compare as the API's semantic equality). */
  public PolicyRule {
    verbs = copy(verbs);
    apiGroups = copy(apiGroups);
    resources = copy(resources);
    resourceNames = copy(resourceNames);
    nonResourceURLs = copy(nonResourceURLs);
  }

  /** A rule from its JSON or YAML tree. */
  public static PolicyRule fromJson(JsonNode node) {
    return new PolicyRule(
        ApiJson.textList(node, "verbs"),
        ApiJson.textList(node, "apiGroups"),
        ApiJson.textList(node, "resources"),
        ApiJson.textList(node, "resourceNames"),
        ApiJson.textList(node, "nonResourceURLs"));
  }

  /** Whether this rule allows the request (RBAC's RuleAllows). */
  public boolean allows(RequestInfo request) {
    if (request.resourceRequest()) {
      return verbMatches(request.verb())
          && apiGroupMatches(request.apiGroup())
          && resourceMatches(request.combinedResource(), request.subresource())
          && resourceNameMatches(request.name());
    }
    return verbMatches(request.verb()) && nonResourceUrlMatches(request.path());
  }

  private boolean verbMatches(String verb) {
    return verbs.contains("*") || verbs.contains(verb);
  }

  private boolean apiGroupMatches(String group) {
    return apiGroups.contains("*") || apiGroups.contains(group);
  }

  private boolean resourceMatches(String combinedResource, String subresource) {
    for (String resource : resources) {
      if (resource.equals("*") || resource.equals(combinedResource)) {
        return true;
      }
      if (!subresource.isEmpty()
          && resource.length() == subresource.length() + 2
          && resource.startsWith("*/")
          && resource.endsWith(subresource)) {
        return true;
      }
    }
    return false;
  }

  private boolean resourceNameMatches(String name) {
    return resourceNames.isEmpty() || resourceNames.contains(name);
  }

  private boolean nonResourceUrlMatches(String path) {
    for (String url : nonResourceURLs) {
      if (url.equals("*") || url.equals(path)) {
        return true;
      }
      if (url.endsWith("*") && path.startsWith(url.replaceAll("\\*+$", ""))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }
}
