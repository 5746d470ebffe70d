package dev.countersign.api.v1alpha1;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the spec and status of a custom resource so that JSON of the wrong shape ({@code replicas:
 * "eight"}, {@code spec: []}, {@code reasoning: 42}, a field the type does not have) never fails
 * the whole object. Without this, one such object makes the informer's list fail, and the operator
 * stops seeing every object of that kind. The API server's schema rejects these; this is for the
 * objects that get through anyway (no schema, an outdated CRD, a mock server).
 *
 * <p>A part that cannot be read is left null, its raw JSON is kept (so that copying the object,
 * which JOSDK does by serializing it, keeps the problem) and {@link #problem()} says what is wrong,
 * by path: {@code spec.scale.replicas must be an integer, not the string "eight"}.
 */
public final class UnreadableParts {
  /** Specs are read strictly: unknown fields and numbers in place of words are errors. */
  private static final ObjectMapper STRICT = strict();

  /** A status is the operator's own record; fields it does not know are tolerated. */
  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .addModule(SharedStrings.module())
          .build();

  private static final int MAX_VALUE_SHOWN = 40;

  // Made on the first problem: nearly every object has none, and the informer caches thousands
  // (two empty maps each were 1.1 MB of the heap with 10,000 requests cached).
  private Map<String, JsonNode> raw = Map.of();
  private Map<String, String> problems = Map.of();

  /** Reads a spec: unknown fields and values of the wrong JSON type make it unreadable. */
  public <T> T readSpec(JsonNode json, Class<T> type) {
    return read("spec", json, type, STRICT);
  }

  /** Reads a status: values of the wrong JSON type make it unreadable, unknown fields do not. */
  public <T> T readStatus(JsonNode json, Class<T> type) {
    return read("status", json, type, LENIENT);
  }

  /** The raw JSON of the parts that could not be read, by field name, to be written back as is. */
  public Map<String, JsonNode> raw() {
    return Collections.unmodifiableMap(raw);
  }

  /** What could not be read and why, or empty when every part was read. */
  public Optional<String> problem() {
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join("; ", problems.values()));
  }

  /** Why the spec could not be read, or empty when it was. */
  public Optional<String> specProblem() {
    return Optional.ofNullable(problems.get("spec"));
  }

  private <T> T read(String field, JsonNode json, Class<T> type, ObjectMapper mapper) {
    if (!problems.isEmpty()) {
      raw.remove(field);
      problems.remove(field);
    }
    if (json == null || json.isNull() || json.isMissingNode()) {
      return null;
    }
    try {
      return mapper.treeToValue(json, type);
    } catch (JsonMappingException e) {
      return unreadable(field, json, describe(field, json, e));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      return unreadable(field, json, field + " could not be read");
    }
  }

  private <T> T unreadable(String field, JsonNode json, String problem) {
    if (problems.isEmpty()) {
      raw = new LinkedHashMap<>();
      problems = new LinkedHashMap<>();
    }
    raw.put(field, json);
    problems.put(field, problem);
    return null;
  }

  /** Says where the JSON went wrong and what was found there, never echoing much of it. */
  static String describe(String field, JsonNode root, JsonMappingException e) {
    StringBuilder path = new StringBuilder(field);
    String parent = field;
    JsonNode found = root;
    for (JsonMappingException.Reference ref : e.getPath()) {
      parent = path.toString();
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
        found = found == null ? null : found.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
        found = found == null ? null : found.get(ref.getIndex());
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return path
          + " is not a known field; "
          + parent
          + " has "
          + known(unknown.getKnownPropertyIds());
    }
    if (e instanceof ValueInstantiationException) {
      // The records refuse null list entries (List.copyOf).
      return path + " has a null entry";
    }
    if (e.getCause() instanceof InputCoercionException outOfRange) {
      return path
          + " is out of range for "
          + kindOf(outOfRange.getTargetType())
          + ": "
          + shown(found);
    }
    Class<?> expected = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    return path + " must be " + kindOf(expected) + ", not " + shown(found);
  }

  private static String known(Collection<Object> ids) {
    return ids == null
        ? "?"
        : String.join(", ", ids.stream().map(String::valueOf).sorted().toList());
  }

  private static String kindOf(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    return "an object";
  }

  private static String shown(JsonNode node) {
    if (node == null) {
      return "what was given";
    }
    return switch (node.getNodeType()) {
      case STRING -> "the string " + quoted(node.asText());
      case NUMBER -> "the number " + abbreviated(node.asText());
      case BOOLEAN -> node.asText();
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      default -> "null";
    };
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    abbreviated(text)
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }

  private static String abbreviated(String text) {
    return text.length() <= MAX_VALUE_SHOWN ? text : text.substring(0, MAX_VALUE_SHOWN) + "…";
  }

  private static ObjectMapper strict() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(SharedStrings.module())
            .build();
    // A number where a word belongs (summary: 42) is as wrong as a word where a number belongs.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }
}
