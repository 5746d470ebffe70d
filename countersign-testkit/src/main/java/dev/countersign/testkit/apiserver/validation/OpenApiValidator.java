package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The structural checks the API server runs with kube-openapi's {@code SchemaValidator}, in its
 * order per node (type, string, format, number, array, enum, object) and with its messages, plus
 * validation ratcheting on updates.
 *
 * <p>This is a walker of its own rather than a JSON-Schema library: the API server's error wording
 * (names like {@code spec.rules[0].action in body}, how kube-openapi codes become field error
 * types), its quirks (Go-typed bounds, {@code format} stripping, ratcheting per correlated node)
 * and the pruning and defaulting that precede validation are what tests assert on, and a general
 * validator would need more adapting than this walker takes to write.
 */
final class OpenApiValidator {
  private final OpenApiErrors errs;

  /** A validator whose error paths are children of {@code base} ({@code null} for the object). */
  OpenApiValidator(FieldPath base) {
    this.errs = new OpenApiErrors(base);
  }

  /** The errors of {@code value}; on an update, {@code correlation} ratchets unchanged parts. */
  List<FieldError> validate(Schema schema, Object value, Correlation correlation) {
    List<FieldError> out = new ArrayList<>();
    node(schema, value, "", correlation, out);
    return out;
  }

  private void node(Schema s, Object data, String name, Correlation corr, List<FieldError> out) {
    List<FieldError> local = new ArrayList<>();
    if (data == null) {
      List<String> types = s.openApiTypes();
      if (!types.isEmpty() && !types.contains("null") && !s.nullable) {
        local.add(errs.invalidType(name, String.join(",", types), "null"));
      }
      enumCheck(s, null, name, local);
    } else {
      typeCheck(s, data, name, local);
      if (data instanceof String str) {
        stringCheck(s, str, name, local);
        String format = s.effectiveFormat();
        if (!format.isEmpty() && Formats.isKnown(format) && !Formats.isValid(format, str)) {
          local.add(errs.invalidType(name, format, str));
        }
      }
      if (data instanceof Long || data instanceof Double) {
        NumberChecks.check(s, data, name, errs, local);
      }
      if (data instanceof List<?> list) {
        arrayCheck(s, PlainJson.asList(list), name, corr, local);
      }
      enumCheck(s, data, name, local);
      if (data instanceof Map<?, ?>) {
        objectCheck(s, PlainJson.asMap(data), name, corr, local);
      }
    }
    if (!Correlation.ratchets(corr)) {
      out.addAll(local);
    }
  }

  private void typeCheck(Schema s, Object data, String name, List<FieldError> out) {
    List<String> types = s.openApiTypes();
    String format = s.effectiveFormat();
    if (types.isEmpty() && format.isEmpty()) {
      return;
    }
    String schType = schemaType(data);
    String dataFormat = data instanceof Long ? "int64" : data instanceof Double ? "float64" : "";
    boolean isFloatInt =
        schType.equals("number")
            && NumberChecks.isJsonInteger((Double) data)
            && types.contains("integer");
    boolean isIntFloat = schType.equals("integer") && types.contains("number");
    boolean stringOrSlice = data instanceof String || data instanceof List<?>;
    if (!stringOrSlice
        && !format.isEmpty()
        && !(types.contains(schType) || dataFormat.equals(format) || isFloatInt || isIntFloat)) {
      out.add(errs.invalidType(name, format, dataFormat));
      return;
    }
    if (!(types.contains("number") || types.contains("integer"))
        && !format.isEmpty()
        && stringOrSlice) {
      return;
    }
    if (!(types.contains(schType) || isFloatInt || isIntFloat)) {
      out.add(errs.invalidType(name, String.join(",", types), schType));
    }
  }

  private void stringCheck(Schema s, String data, String name, List<FieldError> out) {
    long runes = data.codePointCount(0, data.length());
    if (s.maxLength != null && runes > s.maxLength) {
      out.add(errs.tooLong(name, s.maxLength));
    } else if (s.minLength != null && runes < s.minLength) {
      out.add(errs.tooShort(name, s.minLength, data));
    } else if (!s.pattern.isEmpty()) {
      if (s.compiledPattern == null) {
        out.add(
            errs.pattern(name, s.pattern + ", but pattern is invalid: " + s.patternError, data));
      } else if (!s.compiledPattern.matcher(data).find()) {
        out.add(errs.pattern(name, s.pattern, data));
      }
    }
  }

  private void arrayCheck(
      Schema s, List<Object> list, String name, Correlation corr, List<FieldError> out) {
    if (s.items != null) {
      for (int i = 0; i < list.size(); i++) {
        Correlation child = corr == null ? null : corr.index(i);
        node(s.items, list.get(i), name + "[" + i + "]", child, out);
      }
    }
    if (s.minItems != null && list.size() < s.minItems) {
      out.add(errs.tooFewItems(name, s.minItems, list.size()));
    }
    if (s.maxItems != null && list.size() > s.maxItems) {
      out.add(errs.tooManyItems(name, s.maxItems, list.size()));
    }
  }

  private void enumCheck(Schema s, Object data, String name, List<FieldError> out) {
    if (s.enumValues.isEmpty()) {
      return;
    }
    for (Object candidate : s.enumValues) {
      if (enumMatches(data, candidate)) {
        return;
      }
    }
    out.add(errs.enumFail(name, data, s.enumValues));
  }

  /** reflect's {@code ConvertibleTo} then {@code DeepEqual}, as kube-openapi compares enums. */
  private static boolean enumMatches(Object data, Object candidate) {
    if (data == null || candidate == null) {
      return false;
    }
    if (candidate instanceof Long c && data instanceof Double d) {
      return (long) d.doubleValue() == c;
    }
    if (candidate instanceof Double c && data instanceof Long l) {
      return (double) l == c;
    }
    return data.equals(candidate);
  }

  private void objectCheck(
      Schema s, Map<String, Object> map, String name, Correlation corr, List<FieldError> out) {
    long size = map.size();
    if (s.minProperties != null && size < s.minProperties) {
      out.add(errs.tooFewProperties(name, s.minProperties, size));
    }
    if (s.maxProperties != null && size > s.maxProperties) {
      out.add(errs.tooManyProperties(name, s.maxProperties, size));
    }
    if (s.additionalProperties != null) {
      for (Map.Entry<String, Object> e : map.entrySet()) {
        if (s.properties == null || !s.properties.containsKey(e.getKey())) {
          node(
              s.additionalProperties,
              e.getValue(),
              name + "." + e.getKey(),
              childCorrelation(corr, name, e.getKey()),
              out);
        }
      }
    }
    if (s.properties != null) {
      for (Map.Entry<String, Schema> p : s.properties.entrySet()) {
        if (map.containsKey(p.getKey())) {
          String child = name.isEmpty() ? p.getKey() : name + "." + p.getKey();
          node(
              p.getValue(),
              map.get(p.getKey()),
              child,
              childCorrelation(corr, name, p.getKey()),
              out);
        }
      }
    }
    for (String k : s.required) {
      if (!map.containsKey(k)) {
        out.add(errs.required(name + "." + k));
      }
    }
  }

  private static Correlation childCorrelation(Correlation corr, String name, String key) {
    if (corr == null || (name.isEmpty() && (key.equals("kind") || key.equals("apiVersion")))) {
      return null;
    }
    return corr.key(key);
  }

  private static String schemaType(Object data) {
    if (data instanceof Long) {
      return "integer";
    }
    if (data instanceof Double) {
      return "number";
    }
    if (data instanceof String) {
      return "string";
    }
    if (data instanceof Boolean) {
      return "boolean";
    }
    if (data instanceof List<?>) {
      return "array";
    }
    return "object";
  }
}
