package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the compiled rules over an object, as the API server's {@code cel.Validator} does:
 * rules only on non-null values, transition rules only where an old value correlates (or with
 * {@code optionalOldSelf}), old values of list items only in list-type map lists, and errors of
 * unchanged parts turned into warnings (ratcheting). The API server's runtime cost limits are not
 * enforced: cel-java 0.11 tracks no cost.
 */
final class CelRuleEvaluator {
  private static final Pattern LOCATION = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
  private static final Pattern NO_KEY = Pattern.compile("^key '(.*)' is not present in map\\.$");
  private static final Pattern INDEX = Pattern.compile("^Index out of bounds: (-?\\d+)$");
  private static final int MAX_MESSAGE_BYTES = 5 * 1024;

  private final List<FieldError> errors;
  private final List<String> warnings;

  CelRuleEvaluator(List<FieldError> errors, List<String> warnings) {
    this.errors = errors;
    this.warnings = warnings;
  }

  void validate(CelRuleNode node, FieldPath path, Object obj, Object old, Ratcheting ratchet) {
    if (node == null || obj == null) {
      return;
    }
    expressions(node, path, obj, old, ratchet);
    List<Object> list = PlainJson.asList(obj);
    if (list != null && node.items != null) {
      List<Object> oldList = PlainJson.asList(old);
      for (int i = 0; i < list.size(); i++) {
        Object oldItem = oldList == null ? null : MapList.find(node.schema, oldList, list.get(i));
        validate(node.items, FieldPath.index(path, i), list.get(i), oldItem, ratchet.index(i));
      }
    }
    Map<String, Object> map = PlainJson.asMap(obj);
    if (map != null) {
      Map<String, Object> oldMap =
          CelRuleNode.correlatableMap(node.schema) ? PlainJson.asMap(old) : null;
      for (Map.Entry<String, Object> e : map.entrySet()) {
        String k = e.getKey();
        Object oldValue = oldMap == null ? null : oldMap.get(k);
        if (node.additionalProperties != null
            && (node.schema.properties == null || !node.schema.properties.containsKey(k))) {
          validate(
              node.additionalProperties,
              FieldPath.key(path, k),
              e.getValue(),
              oldValue,
              ratchet.key(k));
        }
        CelRuleNode child = node.properties.get(k);
        if (child != null) {
          validate(child, FieldPath.child(path, k), e.getValue(), oldValue, ratchet.key(k));
        }
      }
    }
  }

  private void expressions(
      CelRuleNode node, FieldPath path, Object obj, Object old, Ratcheting ratchet) {
    Object self = CelValues.of(obj, node.schema);
    Object oldSelf = old == null ? null : CelValues.of(old, node.schema);
    String type = node.isResourceRoot ? "object" : node.schema.type;
    for (CompiledRule compiled : node.rules) {
      ValidationRule rule = compiled.rule();
      if (compiled.usesOldSelf() && old == null && !rule.optionalOldSelf()) {
        continue;
      }
      Map<String, Object> activation = new HashMap<>();
      activation.put("self", self);
      if (rule.optionalOldSelf()) {
        activation.put("oldSelf", Optional.ofNullable(oldSelf));
      } else if (oldSelf != null) {
        activation.put("oldSelf", oldSelf);
      }
      Object result;
      try {
        result = compiled.program().eval(activation);
      } catch (CelEvaluationException e) {
        errors.add(FieldError.invalid(path, type, evaluationError(e, rule)));
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      FieldPath at =
          compiled.fieldPath().isEmpty() ? path : FieldPath.child(path, compiled.fieldPath());
      String detail = message(compiled, activation);
      // Kubernetes 1.32 (the version Countersign was run on) names the schema type as the value,
      // e.g. spec: Invalid value: "object": ...; 1.35 prints the value of scalars and none else.
      Object value = type;
      FieldError error = forReason(at, value, detail, rule.reason());
      if (!compiled.usesOldSelf() && ratchet.shouldRatchet()) {
        warnings.add(error.toString());
      } else {
        errors.add(error);
      }
    }
  }

  private static String evaluationError(CelEvaluationException e, ValidationRule rule) {
    if (e.getErrorCode() == CelErrorCode.OVERLOAD_NOT_FOUND) {
      return "'no such overload': call arguments did not match a supported operator, function or"
          + " macro signature for rule: "
          + rule.errorString();
    }
    return runtimeMessage(e) + " evaluating rule: " + rule.errorString();
  }

  /**
   * cel-java's message without its location prefix, in cel-go's words for missing keys, division by
   * zero and list indices out of range; other messages are cel-java's.
   */
  static String runtimeMessage(CelEvaluationException e) {
    String message = LOCATION.matcher(e.getMessage()).replaceFirst("");
    if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
      Matcher noKey = NO_KEY.matcher(message);
      return "no such key: " + (noKey.matches() ? noKey.group(1) : message);
    }
    if (e.getErrorCode() == CelErrorCode.DIVIDE_BY_ZERO) {
      return "division by zero";
    }
    Matcher index = INDEX.matcher(message);
    if (e.getErrorCode() == CelErrorCode.INDEX_OUT_OF_BOUNDS && index.matches()) {
      return "index '" + index.group(1) + "' out of range";
    }
    return message;
  }

  private static String message(CompiledRule compiled, Map<String, Object> activation) {
    ValidationRule rule = compiled.rule();
    if (compiled.messageProgram() != null) {
      try {
        Object value = compiled.messageProgram().eval(activation);
        if (value instanceof String s) {
          String trimmed = s.strip();
          if (!trimmed.isEmpty()
              && trimmed.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES
              && trimmed.indexOf('\n') < 0) {
            return trimmed;
          }
        }
      } catch (CelEvaluationException e) {
        // The API server logs the failure and falls back to the rule's message.
      }
    }
    return rule.message().isEmpty() ? "failed rule: " + rule.errorString() : rule.message().strip();
  }

  private static FieldError forReason(FieldPath at, Object value, String detail, String reason) {
    return switch (reason) {
      case "FieldValueForbidden" -> FieldError.forbidden(at, detail);
      case "FieldValueRequired" -> FieldError.required(at, detail);
      case "FieldValueDuplicate" -> FieldError.duplicate(at, value);
      default -> FieldError.invalid(at, value, detail);
    };
  }
}
