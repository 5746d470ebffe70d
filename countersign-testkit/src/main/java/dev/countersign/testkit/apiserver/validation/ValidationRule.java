package dev.countersign.testkit.apiserver.validation;

import java.util.Map;

/**
 * One {@code x-kubernetes-validations} entry of a schema node.
 *
 * @param rule the CEL expression that must evaluate to true
 * @param message the message when it does not; may be empty
 * @param messageExpression a CEL expression for the message; may be empty
 * @param reason {@code FieldValueInvalid} (default), {@code FieldValueForbidden}, {@code
 *     FieldValueRequired} or {@code FieldValueDuplicate}; may be empty
 * @param fieldPath a path relative to the node to report the error at; may be empty
 * @param optionalOldSelf whether the rule also runs on create, with {@code oldSelf} an optional
 */
record ValidationRule(
    String rule,
    String message,
    String messageExpression,
    String reason,
    String fieldPath,
    boolean optionalOldSelf) {

  static ValidationRule parse(Map<String, Object> entry) {
    return new ValidationRule(
        string(entry, "rule"),
        string(entry, "message"),
        string(entry, "messageExpression"),
        string(entry, "reason"),
        string(entry, "fieldPath"),
        Boolean.TRUE.equals(entry.get("optionalOldSelf")));
  }

  private static String string(Map<String, Object> entry, String key) {
    Object v = entry.get(key);
    return v == null ? "" : v.toString();
  }

  /** {@code ruleErrorString}: the message if any, else the rule, trimmed. */
  String errorString() {
    return message.isEmpty() ? rule.strip() : message.strip();
  }
}
