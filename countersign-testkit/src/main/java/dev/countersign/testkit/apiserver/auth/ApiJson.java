package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.testkit.apiserver.GoEscapes;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

/**
 * Reads and writes API server JSON. Writing escapes like Go's encoding/json: {@code <}, {@code >},
 * {@code &}, U+2028 and U+2029 become {@code \u003c} and so on.
 */
final class ApiJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setCharacterEscapes(new GoEscapes());
  }

  private ApiJson() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  /** Go encodes maps with sorted keys. */
  static ObjectNode stringListMap(Map<String, List<String>> map) {
    ObjectNode node = object();
    new TreeMap<>(map).forEach((key, values) -> node.set(key, strings(values)));
    return node;
  }

  /** A string field, "" when absent or not textual. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : "";
  }

  /** A list of strings, empty when absent. */
  static List<String> textList(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isArray()) {
      return List.of();
    }
    return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** Sets a string field only when it is not empty (Go's omitempty). */
  static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Sets a list field only when it is not empty (Go's omitempty). */
  static void putIfNotEmpty(ObjectNode node, String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      node.set(field, strings(values));
    }
  }
}
