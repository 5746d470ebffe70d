package dev.countersign.testkit.apiserver.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields CEL always sees at the root of a custom resource, declared in the schema or not
 * ({@code model.WithTypeAndObjectMeta}): {@code apiVersion}, {@code kind}, and {@code metadata}
 * with only {@code name} (at most 253 characters) and {@code generateName} (at most 252).
 */
final class RootFields {
  static final Set<String> NAMES = Set.of("apiVersion", "kind", "metadata");

  private RootFields() {}

  static void add(Schema root, Map<String, DeclType> fields) {
    long unbounded = DeclType.MAX_REQUEST_SIZE_BYTES - 2;
    fields.put("kind", DeclType.string(unbounded));
    fields.put("apiVersion", DeclType.string(unbounded));
    Schema declared = root.properties == null ? null : root.properties.get("metadata");
    Map<String, DeclType> meta = new LinkedHashMap<>();
    meta.put("name", DeclType.string(capped(declared, "name", 253) * 4));
    meta.put("generateName", DeclType.string(capped(declared, "generateName", 252) * 4));
    fields.put("metadata", DeclType.objectOf(meta));
  }

  private static long capped(Schema metadata, String field, long max) {
    if (metadata != null && metadata.properties != null) {
      Schema s = metadata.properties.get(field);
      if (s != null && s.maxLength != null && s.maxLength < max) {
        return s.maxLength;
      }
    }
    return max;
  }
}
