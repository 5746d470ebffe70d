package dev.countersign.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds status conditions the way the Kubernetes API conventions ask: one condition per type,
 * {@code lastTransitionTime} kept unless the status flips, {@code observedGeneration} always set.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * Returns {@code existing} with the condition of {@code type} set. The other conditions keep
   * their order; a new type is appended.
   */
  public static List<Condition> set(
      List<Condition> existing,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    List<Condition> result = new ArrayList<>(existing == null ? List.of() : existing);
    int index = indexOf(result, type);
    Condition previous = index < 0 ? null : result.get(index);
    String transitionTime =
        previous != null && status.equals(previous.getStatus())
            ? previous.getLastTransitionTime()
            : now.toString();
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withObservedGeneration(observedGeneration)
            .withLastTransitionTime(transitionTime)
            .build();
    if (index < 0) {
      result.add(updated);
    } else {
      result.set(index, updated);
    }
    return List.copyOf(result);
  }

  /** The condition of the given type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    int index = indexOf(conditions == null ? List.of() : conditions, type);
    return index < 0 ? null : conditions.get(index);
  }

  private static int indexOf(List<Condition> conditions, String type) {
    for (int i = 0; i < conditions.size(); i++) {
      if (type.equals(conditions.get(i).getType())) {
        return i;
      }
    }
    return -1;
  }
}
