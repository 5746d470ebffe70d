package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Role or ClusterRole: its rules and, for an aggregated ClusterRole, the selectors of the
 * ClusterRoles whose rules it collects.
 *
 * @param kind {@link RbacKind#ROLE} or {@link RbacKind#CLUSTER_ROLE}
 * @param namespace the Role's namespace, "" for a ClusterRole
 * @param name the name
 * @param labels the labels, which aggregation selects on
 * @param rules the declared rules
 * @param aggregationSelectors the aggregationRule's clusterRoleSelectors; null without an
 *     aggregationRule
 */
public record Role(
    RbacKind kind,
    String namespace,
    String name,
    Map<String, String> labels,
    List<PolicyRule> rules,
    List<LabelSelector> aggregationSelectors) {

  /** Copies the collections. */
  public Role {
    labels = Map.copyOf(labels);
    rules = List.copyOf(rules);
    aggregationSelectors = aggregationSelectors == null ? null : List.copyOf(aggregationSelectors);
  }

  /** A Role or ClusterRole from its JSON or YAML tree. */
  static Role fromJson(RbacKind kind, JsonNode node) {
    JsonNode metadata = node.path("metadata");
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode labelNode = metadata.path("labels");
    labelNode.fieldNames().forEachRemaining(key -> labels.put(key, labelNode.get(key).asText()));
    List<PolicyRule> rules = new ArrayList<>();
    node.path("rules").forEach(rule -> rules.add(PolicyRule.fromJson(rule)));
    List<LabelSelector> selectors = null;
    JsonNode aggregation = node.get("aggregationRule");
    if (kind == RbacKind.CLUSTER_ROLE && aggregation != null && aggregation.isObject()) {
      selectors = new ArrayList<>();
      for (JsonNode selector : aggregation.path("clusterRoleSelectors")) {
        selectors.add(LabelSelector.fromJson(selector));
      }
    }
    String namespace = kind.namespaced() ? ApiJson.text(metadata, "namespace") : "";
    return new Role(kind, namespace, ApiJson.text(metadata, "name"), labels, rules, selectors);
  }

  boolean aggregated() {
    return aggregationSelectors != null;
  }
}
