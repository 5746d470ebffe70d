package dev.countersign.policy;

import dev.countersign.api.v1alpha1.Selector;
import dev.countersign.api.v1alpha1.Selector.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Evaluates a {@link Selector} against a set of labels with the semantics of Kubernetes' {@code
 * metav1.LabelSelector}: every {@code matchLabels} entry must be present with exactly that value,
 * and every {@code matchExpressions} requirement must hold. {@code In} needs the key with one of
 * the values; {@code NotIn} holds when the key is absent or has none of the values; {@code Exists}
 * and {@code DoesNotExist} look at the key only. A null or empty selector matches everything. An
 * unknown operator matches nothing ({@link PolicyValidator} reports it).
 */
public final class SelectorMatcher {
  private SelectorMatcher() {}

  /** Whether the labels satisfy the selector. */
  public static boolean matches(Selector selector, Map<String, String> labels) {
    return unmet(selector, labels).isEmpty();
  }

  /**
   * What the labels lack, in words (e.g. {@code needs label env=prod}), one entry per requirement
   * that does not hold; empty when the selector matches.
   */
  public static List<String> unmet(Selector selector, Map<String, String> labels) {
    List<String> unmet = new ArrayList<>();
    if (selector == null) {
      return unmet;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    new TreeMap<>(selector.matchLabels())
        .forEach(
            (key, value) -> {
              if (!value.equals(have.get(key))) {
                unmet.add("needs label " + key + "=" + value);
              }
            });
    for (Requirement requirement : selector.matchExpressions()) {
      unmetBy(requirement, have).ifPresent(unmet::add);
    }
    return unmet;
  }

  private static Optional<String> unmetBy(Requirement requirement, Map<String, String> labels) {
    String key = requirement.key();
    boolean present = key != null && labels.containsKey(key);
    String value = present ? labels.get(key) : null;
    List<String> values = requirement.values();
    String operator = requirement.operator() == null ? "" : requirement.operator();
    return switch (operator) {
      case "In" ->
          present && values.contains(value)
              ? Optional.empty()
              : Optional.of("needs label " + key + " in " + values);
      case "NotIn" ->
          !present || !values.contains(value)
              ? Optional.empty()
              : Optional.of("needs label " + key + " not in " + values);
      case "Exists" -> present ? Optional.empty() : Optional.of("needs label " + key);
      case "DoesNotExist" -> present ? Optional.of("must not have label " + key) : Optional.empty();
      default -> Optional.of("operator \"" + operator + "\" is unknown, so it matches nothing");
    };
  }
}
