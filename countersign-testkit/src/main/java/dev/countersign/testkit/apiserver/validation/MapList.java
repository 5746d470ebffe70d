package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds, in an old {@code x-kubernetes-list-type: map} list, the item with the same map keys as a
 * new item ({@code k8s.io/apiserver/pkg/cel/common.MapList}): the first old item whose key values
 * (all present and scalar) are equal.
 */
final class MapList {
  private MapList() {}

  /** The old item correlated with {@code item}, or {@code null}. */
  static Object find(Schema list, List<Object> oldItems, Object item) {
    if (!list.type.equals("array")
        || !list.listType.equals("map")
        || list.listMapKeys.isEmpty()
        || oldItems.isEmpty()) {
      return null;
    }
    List<Object> key = keyOf(list, item);
    if (key == null) {
      return null;
    }
    for (Object old : oldItems) {
      if (Objects.equals(keyOf(list, old), key)) {
        return old;
      }
    }
    return null;
  }

  private static List<Object> keyOf(Schema list, Object item) {
    Map<String, Object> map = PlainJson.asMap(item);
    if (map == null) {
      return null;
    }
    List<Object> key = new ArrayList<>();
    for (String k : list.listMapKeys) {
      if (!map.containsKey(k)) {
        return null;
      }
      Object v = map.get(k);
      if (!(v instanceof String
          || v instanceof Long
          || v instanceof Double
          || v instanceof Boolean)) {
        return null;
      }
      key.add(v);
    }
    return key;
  }
}
