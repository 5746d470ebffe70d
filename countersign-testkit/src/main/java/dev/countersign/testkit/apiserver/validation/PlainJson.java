package dev.countersign.testkit.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain values the API server works on after decoding JSON
 * into unstructured content: {@link LinkedHashMap}, {@link ArrayList}, {@link Long} (a JSON number
 * that fits an int64), {@link Double} (any other number), {@link String}, {@link Boolean} and
 * {@code null}. Plain values compare like Go's {@code reflect.DeepEqual} on unstructured content:
 * {@code 1} and {@code 1.0} differ.
 */
final class PlainJson {
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private PlainJson() {}

  /** The plain value of a Jackson node; a missing node is {@code null}. */
  static Object fromNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), fromNode(e.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(fromNode(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      BigInteger big = node.bigIntegerValue();
      if (big.compareTo(MIN_LONG) >= 0 && big.compareTo(MAX_LONG) <= 0) {
        return big.longValue();
      }
      return big.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    throw new IllegalArgumentException("unsupported JSON node: " + node.getNodeType());
  }

  /** The Jackson node of a plain value. */
  static JsonNode toNode(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = f.objectNode();
      map.forEach((k, v) -> object.set((String) k, toNode(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = f.arrayNode();
      list.forEach(v -> array.add(toNode(v)));
      return array;
    }
    if (value instanceof Long l) {
      return f.numberNode(l);
    }
    if (value instanceof Double d) {
      return f.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (value instanceof String s) {
      return f.textNode(s);
    }
    throw new IllegalArgumentException("not a plain JSON value: " + value.getClass());
  }

  /** A deep copy, so that defaults and stored objects are never shared. */
  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }

  /** The value as a map, or {@code null} when it is not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  /** The value as a list, or {@code null} when it is not an array. */
  @SuppressWarnings("unchecked")
  static List<Object> asList(Object value) {
    return value instanceof List<?> ? (List<Object>) value : null;
  }
}
