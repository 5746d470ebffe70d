package dev.countersign.testkit.apiserver.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CEL type the API server derives from a schema node ({@code common.SchemaDeclType}), with the
 * two sizes its cost estimator works from: {@link #maxElements} (list items, map entries or string
 * length; derived from {@code maxItems}/{@code maxProperties}/{@code maxLength}, or else from the 3
 * MiB request limit) and {@link #minSerializedSize} (the fewest bytes a value takes in JSON).
 */
final class DeclType {
  /** The API server's largest request: 3 MiB. */
  static final long MAX_REQUEST_SIZE_BYTES = 3L * 1024 * 1024;

  enum Kind {
    OBJECT,
    MAP,
    LIST,
    STRING,
    BYTES,
    INT,
    DOUBLE,
    BOOL,
    DYN,
    TIMESTAMP,
    DURATION
  }

  final Kind kind;
  final Map<String, DeclType> fields;
  final DeclType elem;
  final long maxElements;
  final long minSerializedSize;

  private DeclType(
      Kind kind, Map<String, DeclType> fields, DeclType elem, long maxElements, long minSize) {
    this.kind = kind;
    this.fields = fields;
    this.elem = elem;
    this.maxElements = maxElements;
    this.minSerializedSize = minSize;
  }

  /** The key type of every map: a string of unknown size (the API server's {@code StringType}). */
  static final DeclType MAP_KEY = new DeclType(Kind.STRING, Map.of(), null, 0, 2);

  /** The type of a schema node, or {@code null} when CEL cannot see it (as the API server). */
  static DeclType of(Schema s, boolean isResourceRoot) {
    if (s == null) {
      return null;
    }
    if (s.intOrString) {
      long max = s.maxLength != null ? zeroIfNegative(s.maxLength) * 4 : MAX_REQUEST_SIZE_BYTES - 2;
      return new DeclType(Kind.DYN, Map.of(), null, max, 1);
    }
    switch (s.type) {
      case "array" -> {
        if (s.items == null) {
          return null;
        }
        DeclType items = of(s.items, false);
        if (items == null) {
          return null;
        }
        long max =
            s.maxItems != null
                ? zeroIfNegative(s.maxItems)
                : (MAX_REQUEST_SIZE_BYTES - 2) / (items.minSerializedSize + 1);
        return new DeclType(Kind.LIST, Map.of(), items, max, 2);
      }
      case "object" -> {
        if (s.additionalProperties != null) {
          DeclType values = of(s.additionalProperties, false);
          if (values == null) {
            return null;
          }
          long max =
              s.maxProperties != null
                  ? zeroIfNegative(s.maxProperties)
                  : (MAX_REQUEST_SIZE_BYTES - 2) / (values.minSerializedSize + 6);
          return new DeclType(Kind.MAP, Map.of(), values, max, 2);
        }
        return object(s, isResourceRoot);
      }
      case "string" -> {
        return string(s);
      }
      case "boolean" -> {
        return new DeclType(Kind.BOOL, Map.of(), null, 0, 4);
      }
      case "number" -> {
        return new DeclType(Kind.DOUBLE, Map.of(), null, 0, 1);
      }
      case "integer" -> {
        return new DeclType(Kind.INT, Map.of(), null, 0, 1);
      }
      default -> {
        return null;
      }
    }
  }

  private static DeclType object(Schema s, boolean isResourceRoot) {
    Map<String, DeclType> fields = new LinkedHashMap<>();
    long minSize = 2;
    Map<String, Schema> props = s.properties == null ? Map.of() : s.properties;
    for (Map.Entry<String, Schema> e : props.entrySet()) {
      if (isResourceRoot && RootFields.NAMES.contains(e.getKey())) {
        continue;
      }
      DeclType field = of(e.getValue(), false);
      if (field == null) {
        continue;
      }
      String name = CelNames.escape(e.getKey());
      if (name != null) {
        fields.put(name, field);
      }
      if (s.required.contains(e.getKey()) && !e.getValue().hasDefault) {
        minSize += e.getKey().length() + field.minSerializedSize + 4;
      }
    }
    if (isResourceRoot) {
      RootFields.add(s, fields);
    }
    return new DeclType(Kind.OBJECT, Collections.unmodifiableMap(fields), null, 0, minSize);
  }

  private static DeclType string(Schema s) {
    long request = MAX_REQUEST_SIZE_BYTES - 2;
    switch (s.format) {
      case "byte" -> {
        long max = s.maxLength != null ? zeroIfNegative(s.maxLength) : request;
        return new DeclType(Kind.BYTES, Map.of(), null, max, 2);
      }
      case "duration" -> {
        return new DeclType(Kind.DURATION, Map.of(), null, 32, 3);
      }
      case "date" -> {
        return new DeclType(Kind.TIMESTAMP, Map.of(), null, 12, 12);
      }
      case "date-time" -> {
        return new DeclType(Kind.TIMESTAMP, Map.of(), null, 32, 21);
      }
      default -> {
        long max;
        if (s.maxLength != null) {
          max = zeroIfNegative(s.maxLength) * 4;
        } else if (!s.enumValues.isEmpty()) {
          max = 0;
          for (Object v : s.enumValues) {
            if (v instanceof String str) {
              max = Math.max(max, str.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
          }
        } else {
          max = request;
        }
        return new DeclType(Kind.STRING, Map.of(), null, max, 2);
      }
    }
  }

  static DeclType string(long maxElements) {
    return new DeclType(Kind.STRING, Map.of(), null, maxElements, 2);
  }

  static DeclType objectOf(Map<String, DeclType> fields) {
    return new DeclType(Kind.OBJECT, Collections.unmodifiableMap(fields), null, 0, 2);
  }

  private static long zeroIfNegative(long v) {
    return Math.max(0, v);
  }
}
