package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the fields a structural schema does not specify, as the API server does when it decodes a
 * custom resource ({@code pruning.PruneWithOptions} with unknown-field tracking), and returns their
 * paths, sorted, like {@code spec.foo} or {@code spec.rules[0].bar}. Below {@code
 * x-kubernetes-preserve-unknown-fields: true} unknown fields stay. At the root, {@code apiVersion},
 * {@code kind} and {@code metadata} are left alone.
 */
final class Pruner {
  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final List<String> unknown = new ArrayList<>();

  private Pruner() {}

  /** Prunes the object in place and returns the paths of what was dropped. */
  static List<String> prune(Object object, Schema root) {
    Pruner p = new Pruner();
    p.prune(object, root, "", true);
    Collections.sort(p.unknown);
    return p.unknown;
  }

  private void prune(Object x, Schema s, String path, boolean embedded) {
    if (s != null && s.preserveUnknownFields) {
      skipPrune(x, s, path, embedded);
      return;
    }
    Map<String, Object> map = PlainJson.asMap(x);
    if (map != null) {
      for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Object> e = it.next();
        String k = e.getKey();
        if (s == null) {
          unknown.add(key(path, k));
          it.remove();
        } else if (embedded && META_FIELDS.contains(k)) {
          continue;
        } else if (s.properties != null && s.properties.containsKey(k)) {
          prune(e.getValue(), s.properties.get(k), key(path, k), false);
        } else if (s.additionalProperties != null) {
          prune(e.getValue(), s.additionalProperties, key(path, k), false);
        } else {
          if (!META_FIELDS.contains(k) || !path.isEmpty()) {
            unknown.add(key(path, k));
          }
          it.remove();
        }
      }
      return;
    }
    List<Object> list = PlainJson.asList(x);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        prune(list.get(i), s == null ? null : s.items, path + "[" + i + "]", false);
      }
    }
  }

  private void skipPrune(Object x, Schema s, String path, boolean embedded) {
    Map<String, Object> map = PlainJson.asMap(x);
    if (map != null) {
      for (Map.Entry<String, Object> e : map.entrySet()) {
        String k = e.getKey();
        if (embedded && META_FIELDS.contains(k)) {
          continue;
        }
        if (s.properties != null && s.properties.containsKey(k)) {
          prune(e.getValue(), s.properties.get(k), key(path, k), false);
        } else if (s.additionalProperties != null) {
          prune(e.getValue(), s.additionalProperties, key(path, k), false);
        }
      }
      return;
    }
    List<Object> list = PlainJson.asList(x);
    if (list != null && s.items != null) {
      for (int i = 0; i < list.size(); i++) {
        skipPrune(list.get(i), s.items, path + "[" + i + "]", false);
      }
    }
  }

  private static String key(String path, String k) {
    return path.isEmpty() ? k : path + "." + k;
  }
}
