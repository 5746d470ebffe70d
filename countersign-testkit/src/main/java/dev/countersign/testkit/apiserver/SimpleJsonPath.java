package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath of a CRD's {@code additionalPrinterColumns}, as far as CRDs use it: fields ({@code
 * .a.b}), {@code [*]}, {@code [N]} and an equality filter {@code [?(@.type=="Ready")]}. Written
 * here because Kubernetes' JSONPath dialect is Go's (client-go {@code util/jsonpath}) and differs
 * from the Java libraries' in its filter syntax and its results; the API server refuses anything
 * beyond simple paths in printer columns anyway.
 */
final class SimpleJsonPath {
  private static final Pattern STEP =
      Pattern.compile(
          "\\.([A-Za-z0-9_-]+)|\\[\\*]|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

  private SimpleJsonPath() {}

  /** The values the path finds in the object, in order; empty when it finds nothing. */
  static List<JsonNode> find(JsonNode object, String path) {
    List<JsonNode> current = new ArrayList<>(List.of(object));
    Matcher step = STEP.matcher(path);
    int at = 0;
    while (at < path.length()) {
      if (!step.find(at) || step.start() != at) {
        throw new IllegalArgumentException("unsupported JSONPath " + path);
      }
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step.group(1) != null) {
          add(next, node.get(step.group(1)));
        } else if (step.group(2) != null) {
          add(next, node.isArray() ? node.get(Integer.parseInt(step.group(2))) : null);
        } else if (step.group(3) != null) {
          if (node.isArray()) {
            for (JsonNode item : node) {
              JsonNode field = item;
              for (String part : step.group(3).split("\\.")) {
                field = field == null ? null : field.get(part);
              }
              if (field != null && field.isValueNode() && step.group(4).equals(field.asText())) {
                next.add(item);
              }
            }
          }
        } else if (node.isArray()) {
          node.forEach(next::add);
        }
      }
      current = next;
      at = step.end();
    }
    return current;
  }

  private static void add(List<JsonNode> into, JsonNode node) {
    if (node != null && !node.isNull() && !node.isMissingNode()) {
      into.add(node);
    }
  }
}
