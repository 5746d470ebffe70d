package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uniqueness the API server requires of {@code x-kubernetes-list-type: set} items and of {@code
 * x-kubernetes-list-type: map} keys ({@code listtype.ValidateListSetsAndMaps}): each item that
 * repeats an earlier one is reported once, as {@code Duplicate value}.
 */
final class ListTypeValidator {
  private static final Object UNSPECIFIED = new Object();
  private static final Object NULL = new Object();

  /** A compound item, compared by its JSON as Go's validateListSet does. */
  private record Compound(String json) {}

  private ListTypeValidator() {}

  static List<FieldError> validate(Schema root, Object object) {
    List<FieldError> errs = new ArrayList<>();
    Map<String, Object> map = PlainJson.asMap(object);
    if (map != null) {
      object(null, root, map, errs);
    }
    return errs;
  }

  private static void object(
      FieldPath path, Schema s, Map<String, Object> obj, List<FieldError> errs) {
    if (s.additionalProperties != null) {
      obj.forEach((k, v) -> value(FieldPath.key(path, k), s.additionalProperties, v, errs));
    }
    if (s.properties != null) {
      obj.forEach(
          (k, v) -> {
            if (s.properties.containsKey(k)) {
              value(FieldPath.child(path, k), s.properties.get(k), v, errs);
            }
          });
    }
  }

  private static void value(FieldPath path, Schema s, Object v, List<FieldError> errs) {
    if (v instanceof List<?>) {
      array(path, s, PlainJson.asList(v), errs);
    } else if (v instanceof Map<?, ?>) {
      object(path, s, PlainJson.asMap(v), errs);
    }
  }

  private static void array(FieldPath path, Schema s, List<Object> list, List<FieldError> errs) {
    if (s.listType.equals("set")) {
      for (int i : nonUnique(list)) {
        errs.add(FieldError.duplicate(FieldPath.index(path, i), list.get(i)));
      }
    } else if (s.listType.equals("map")) {
      mapList(path, s, list, errs);
    }
    if (s.items != null) {
      for (int i = 0; i < list.size(); i++) {
        value(FieldPath.index(path, i), s.items, list.get(i), errs);
      }
    }
  }

  private static void mapList(FieldPath path, Schema s, List<Object> list, List<FieldError> errs) {
    for (int i = 0; i < list.size(); i++) {
      Object x = list.get(i);
      if (x != null && !(x instanceof Map<?, ?>)) {
        errs.add(
            FieldError.invalid(
                FieldPath.index(path, i), x, "must be an object for an array of list-type map"));
        return;
      }
    }
    if (list.size() <= 1) {
      return;
    }
    List<Object> keys = new ArrayList<>();
    for (Object x : list) {
      Map<String, Object> item = PlainJson.asMap(x);
      if (s.listMapKeys.size() == 1) {
        String k = s.listMapKeys.get(0);
        keys.add(item == null || !item.containsKey(k) ? UNSPECIFIED : item.get(k));
      } else {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : s.listMapKeys) {
          if (item != null && item.containsKey(k)) {
            key.put(k, item.get(k));
          }
        }
        keys.add(key);
      }
    }
    for (int i : nonUnique(keys)) {
      Object key = keys.get(i);
      Object shown;
      if (s.listMapKeys.size() != 1) {
        shown = key;
      } else if (key == UNSPECIFIED) {
        shown = Map.of();
      } else {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(s.listMapKeys.get(0), key);
        shown = m;
      }
      errs.add(FieldError.duplicate(FieldPath.index(path, i), shown));
    }
  }

  /** The index of the second appearance of each repeated item. */
  private static List<Integer> nonUnique(List<Object> items) {
    List<Integer> result = new ArrayList<>();
    if (items.size() <= 1) {
      return result;
    }
    Map<Object, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Object x = items.get(i);
      Object id =
          x instanceof Map<?, ?> || x instanceof List<?> ? new Compound(GoFormat.json(x)) : x;
      int times = seen.merge(id == null ? NULL : id, 1, Integer::sum);
      if (times == 2) {
        result.add(i);
      }
    }
    return result;
  }
}
