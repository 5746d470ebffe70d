package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the API server does to a decoded custom resource after pruning: it drops {@code null}s that
 * are neither nullable nor defaulted ({@code PruneNonNullableNullsWithoutDefaults}), then fills in
 * {@code default}s of absent fields below present objects, and of non-nullable {@code null}s
 * ({@code defaulting.Default}). Defaults are deep-copied.
 */
final class Defaulter {
  private Defaulter() {}

  /** Applies both steps in place. */
  static void apply(Object object, Schema root) {
    pruneNulls(object, root);
    applyDefaults(object, root);
  }

  static void pruneNulls(Object x, Schema s) {
    Map<String, Object> map = PlainJson.asMap(x);
    if (map != null) {
      for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Object> e = it.next();
        Schema child = fieldSchema(s, e.getKey());
        if (e.getValue() == null && child != null && !child.nullable && !child.hasDefault) {
          it.remove();
        } else {
          pruneNulls(e.getValue(), child);
        }
      }
      return;
    }
    List<Object> list = PlainJson.asList(x);
    if (list != null) {
      list.forEach(item -> pruneNulls(item, s == null ? null : s.items));
    }
  }

  static void applyDefaults(Object x, Schema s) {
    if (s == null) {
      return;
    }
    Map<String, Object> map = PlainJson.asMap(x);
    if (map != null) {
      if (s.properties != null) {
        s.properties.forEach(
            (k, prop) -> {
              if (prop.hasDefault
                  && (!map.containsKey(k) || (map.get(k) == null && !prop.nullable))) {
                map.put(k, PlainJson.deepCopy(prop.defaultValue));
              }
            });
      }
      for (String k : new ArrayList<>(map.keySet())) {
        if (s.properties != null && s.properties.containsKey(k)) {
          applyDefaults(map.get(k), s.properties.get(k));
        } else if (s.additionalProperties != null) {
          Schema extra = s.additionalProperties;
          if (map.get(k) == null && !extra.nullable) {
            map.put(k, PlainJson.deepCopy(extra.defaultValue));
          }
          applyDefaults(map.get(k), extra);
        }
      }
      return;
    }
    List<Object> list = PlainJson.asList(x);
    if (list != null && s.items != null) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null && !s.items.nullable) {
          list.set(i, PlainJson.deepCopy(s.items.defaultValue));
        }
        applyDefaults(list.get(i), s.items);
      }
    }
  }

  private static Schema fieldSchema(Schema s, String field) {
    if (s == null) {
      return null;
    }
    if (s.properties != null && s.properties.containsKey(field)) {
      return s.properties.get(field);
    }
    return s.additionalProperties;
  }
}
