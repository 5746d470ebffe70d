package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import java.util.List;

/**
 * The size limits the ActionRequest schema puts on an agent's reasoning, checked again by the
 * operator: an approver must be able to read it all, and it ends up in annotations and Events.
 */
final class ReasoningBounds {
  static final int MAX_SUMMARY = 1024;
  static final int MAX_PLAN = 2048;
  static final int MAX_EVIDENCE = 20;
  static final int MAX_ALTERNATIVES = 10;
  static final int MAX_ITEM = 2048;

  private ReasoningBounds() {}

  /** Adds a problem ({@link ReasonCode#InvalidRequest}) for every limit the reasoning exceeds. */
  static void check(Reasoning reasoning, List<Reason> problems) {
    tooLong("spec.reasoning.summary", reasoning.summary(), MAX_SUMMARY, problems);
    tooLong("spec.reasoning.plan", reasoning.plan(), MAX_PLAN, problems);
    items("spec.reasoning.evidence", reasoning.evidence(), MAX_EVIDENCE, problems);
    items("spec.reasoning.alternatives", reasoning.alternatives(), MAX_ALTERNATIVES, problems);
    Double confidence = reasoning.confidence();
    if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
      problems.add(invalid("spec.reasoning.confidence " + confidence + " is not between 0 and 1"));
    }
  }

  private static void items(String field, List<String> items, int max, List<Reason> problems) {
    if (items.size() > max) {
      problems.add(invalid(field + " has " + items.size() + " entries, more than " + max));
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      tooLong(field + "[" + i + "]", items.get(i), MAX_ITEM, problems);
    }
  }

  private static void tooLong(String field, String value, int max, List<Reason> problems) {
    if (value != null && value.length() > max) {
      problems.add(invalid(field + " is " + value.length() + " characters long, more than " + max));
    }
  }

  private static Reason invalid(String problem) {
    return ReasonCode.InvalidRequest.because(problem);
  }
}
