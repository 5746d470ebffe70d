package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The object a write would store: the body of a create or update, or the stored object with a patch
 * applied (JSON merge patch, RFC 7386, and JSON patch, RFC 6902; server-side apply is read as a
 * merge patch). Admission and validation look at this before the store does the same write.
 */
final class ObjectWrites {
  private ObjectWrites() {}

  /** The body as JSON, or null when it is not a JSON object. */
  static ObjectNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = Serialization.jsonMapper().readTree(body);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The object after the patch, or null when the patch cannot be applied (the store then answers
   * the request as it does).
   */
  static ObjectNode patched(ObjectNode current, String contentType, String body) {
    try {
      JsonNode patch = Serialization.jsonMapper().readTree(body);
      String type = contentType == null ? "" : contentType.toLowerCase();
      if (type.contains("json-patch")) {
        JsonNode result = JsonPatch.apply(patch, current.deepCopy());
        return result instanceof ObjectNode object ? object : null;
      }
      return patch instanceof ObjectNode merge ? mergePatch(current.deepCopy(), merge) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** RFC 7386: objects merge recursively, null removes, anything else replaces. */
  private static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value instanceof ObjectNode nested
          && target.get(field.getKey()) instanceof ObjectNode existing) {
        target.set(field.getKey(), mergePatch(existing, nested));
      } else if (value instanceof ObjectNode nested) {
        target.set(field.getKey(), mergePatch(target.objectNode(), nested));
      } else {
        target.set(field.getKey(), value);
      }
    }
    return target;
  }

  /** The JSON as a map, as admission's CEL reads objects. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(JsonNode node) {
    return node == null ? null : Serialization.jsonMapper().convertValue(node, Map.class);
  }
}
