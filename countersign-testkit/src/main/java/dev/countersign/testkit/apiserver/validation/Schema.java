package dev.countersign.testkit.apiserver.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a CRD's structural schema (an {@code openAPIV3Schema} or below), read from its plain
 * JSON form. Keywords this implementation does not evaluate ({@code allOf}, {@code anyOf}, {@code
 * oneOf}, {@code not}, {@code x-kubernetes-embedded-resource}, ...) make construction fail instead
 * of being silently ignored.
 */
final class Schema {
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "$ref",
          "patternProperties",
          "dependencies",
          "additionalItems",
          "x-kubernetes-embedded-resource");

  final String type;
  final boolean nullable;
  final boolean intOrString;
  final boolean preserveUnknownFields;
  final String format;
  final Map<String, Schema> properties;
  final Schema additionalProperties;
  final Schema items;
  final List<String> required;
  final List<Object> enumValues;
  final Double maximum;
  final boolean exclusiveMaximum;
  final Double minimum;
  final boolean exclusiveMinimum;
  final Double multipleOf;
  final Long maxLength;
  final Long minLength;
  final Long maxItems;
  final Long minItems;
  final Long maxProperties;
  final Long minProperties;
  final String pattern;
  final Pattern compiledPattern;
  final String patternError;
  final boolean hasDefault;
  final Object defaultValue;
  final String listType;
  final List<String> listMapKeys;
  final String mapType;
  final List<ValidationRule> validations;

  private Schema(Map<String, Object> m, String where) {
    for (String key : UNSUPPORTED) {
      if (m.containsKey(key)) {
        throw new UnsupportedOperationException(where + ": '" + key + "' is not supported");
      }
    }
    if (Boolean.TRUE.equals(m.get("uniqueItems"))) {
      throw new UnsupportedOperationException(where + ": 'uniqueItems' is not supported");
    }
    type = string(m, "type");
    nullable = Boolean.TRUE.equals(m.get("nullable"));
    intOrString = Boolean.TRUE.equals(m.get("x-kubernetes-int-or-string"));
    preserveUnknownFields = Boolean.TRUE.equals(m.get("x-kubernetes-preserve-unknown-fields"));
    format = string(m, "format");
    Map<String, Object> props = PlainJson.asMap(m.get("properties"));
    if (props == null) {
      properties = null;
    } else {
      Map<String, Schema> parsed = new LinkedHashMap<>();
      props.forEach((k, v) -> parsed.put(k, child(v, where + ".properties[" + k + "]")));
      properties = Collections.unmodifiableMap(parsed);
    }
    Object additional = m.get("additionalProperties");
    if (additional instanceof Boolean) {
      throw new UnsupportedOperationException(
          where + ": boolean 'additionalProperties' is not supported");
    }
    additionalProperties =
        additional == null ? null : child(additional, where + ".additionalProperties");
    Object itemsValue = m.get("items");
    if (itemsValue instanceof List<?>) {
      throw new UnsupportedOperationException(where + ": 'items' as an array is not supported");
    }
    items = itemsValue == null ? null : child(itemsValue, where + ".items");
    required = strings(m.get("required"));
    enumValues = m.get("enum") == null ? List.of() : PlainJson.asList(m.get("enum"));
    maximum = number(m, "maximum");
    exclusiveMaximum = Boolean.TRUE.equals(m.get("exclusiveMaximum"));
    minimum = number(m, "minimum");
    exclusiveMinimum = Boolean.TRUE.equals(m.get("exclusiveMinimum"));
    multipleOf = number(m, "multipleOf");
    maxLength = integer(m, "maxLength");
    minLength = integer(m, "minLength");
    maxItems = integer(m, "maxItems");
    minItems = integer(m, "minItems");
    maxProperties = integer(m, "maxProperties");
    minProperties = integer(m, "minProperties");
    pattern = string(m, "pattern");
    Pattern compiled = null;
    String error = null;
    if (!pattern.isEmpty()) {
      try {
        compiled = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        error = e.getMessage();
      }
    }
    compiledPattern = compiled;
    patternError = error;
    hasDefault = m.containsKey("default") && m.get("default") != null;
    defaultValue = m.get("default");
    listType = string(m, "x-kubernetes-list-type");
    listMapKeys = strings(m.get("x-kubernetes-list-map-keys"));
    mapType = string(m, "x-kubernetes-map-type");
    List<ValidationRule> rules = new ArrayList<>();
    List<Object> entries = PlainJson.asList(m.get("x-kubernetes-validations"));
    if (entries != null) {
      entries.forEach(e -> rules.add(ValidationRule.parse(PlainJson.asMap(e))));
    }
    validations = List.copyOf(rules);
  }

  /** Parses a schema node; {@code where} names it in errors. */
  static Schema parse(Object node, String where) {
    Map<String, Object> m = PlainJson.asMap(node);
    if (m == null) {
      throw new IllegalArgumentException(where + ": a schema must be an object");
    }
    return new Schema(m, where);
  }

  private static Schema child(Object node, String where) {
    return parse(node, where);
  }

  /** Whether this node or any node below it has {@code x-kubernetes-validations}. */
  boolean hasRulesBelow() {
    if (!validations.isEmpty()) {
      return true;
    }
    if (properties != null && properties.values().stream().anyMatch(Schema::hasRulesBelow)) {
      return true;
    }
    return (items != null && items.hasRulesBelow())
        || (additionalProperties != null && additionalProperties.hasRulesBelow());
  }

  /** The OpenAPI type list the schema validator checks: int-or-string is integer or string. */
  List<String> openApiTypes() {
    if (intOrString) {
      return List.of("integer", "string");
    }
    return type.isEmpty() ? List.of() : List.of(type);
  }

  /** The format after the API server strips the ones it does not support for this type. */
  String effectiveFormat() {
    if (format.isEmpty()) {
      return "";
    }
    String t = intOrString ? "" : type;
    return switch (t) {
      case "", "string" -> Formats.isKnown(format) ? format : "";
      case "integer" -> format.equals("int32") || format.equals("int64") ? format : "";
      case "number" -> format.equals("float") || format.equals("double") ? format : "";
      default -> "";
    };
  }

  private static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? "" : v.toString();
  }

  private static Double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static Long integer(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : ((Number) v).longValue();
  }

  private static List<String> strings(Object v) {
    List<Object> list = PlainJson.asList(v);
    if (list == null) {
      return List.of();
    }
    return list.stream().map(String::valueOf).toList();
  }
}
