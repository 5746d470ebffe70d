package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A metav1.LabelSelector (matchLabels and matchExpressions), as a ClusterRole's aggregationRule
 * uses it. An empty selector matches every object; an unknown operator matches none.
 *
 * @param matchLabels labels that must be present with these values
 * @param matchExpressions requirements that must all hold
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  /** Copies the map and list. */
  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  static LabelSelector fromJson(JsonNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode matchLabels = node.path("matchLabels");
    matchLabels
        .fieldNames()
        .forEachRemaining(key -> labels.put(key, matchLabels.get(key).asText()));
    List<Requirement> requirements = new ArrayList<>();
    for (JsonNode expression : node.path("matchExpressions")) {
      requirements.add(
          new Requirement(
              ApiJson.text(expression, "key"),
              ApiJson.text(expression, "operator"),
              ApiJson.textList(expression, "values")));
    }
    return new LabelSelector(labels, requirements);
  }

  /** Whether an object with these labels is selected. */
  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> label : matchLabels.entrySet()) {
      if (!label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    return matchExpressions.stream().allMatch(requirement -> requirement.matches(labels));
  }

  /**
   * One matchExpressions entry.
   *
   * @param key the label key
   * @param operator {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist}
   * @param values the values for In and NotIn
   */
  public record Requirement(String key, String operator, List<String> values) {

    /** Copies the values. */
    public Requirement {
      values = List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      return switch (operator) {
        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
    }
  }
}
