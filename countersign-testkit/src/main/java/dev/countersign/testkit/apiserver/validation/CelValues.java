package dev.countersign.testkit.apiserver.validation;

import com.google.protobuf.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Presents plain JSON values to cel-java as the API server presents unstructured content to CEL
 * ({@code UnstructuredToVal}): object properties under their escaped CEL names, integers of {@code
 * number} fields as doubles, and {@code null} as CEL's null.
 */
final class CelValues {
  private CelValues() {}

  /** The CEL value of {@code value} at a node of schema {@code s} ({@code null} if unknown). */
  static Object of(Object value, Schema s) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = (String) e.getKey();
        if (s != null && s.properties != null && s.properties.containsKey(k)) {
          String name = CelNames.escape(k);
          out.put(name == null ? k : name, of(e.getValue(), s.properties.get(k)));
        } else {
          out.put(k, of(e.getValue(), s == null ? null : s.additionalProperties));
        }
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(of(item, s == null ? null : s.items)));
      return out;
    }
    if (s != null && value instanceof Long l && s.type.equals("number")) {
      return l.doubleValue();
    }
    if (s != null
        && value instanceof Double d
        && s.type.equals("integer")
        && d == Math.rint(d)
        && Math.abs(d) < 9.2e18) {
      return d.longValue();
    }
    return value;
  }
}
