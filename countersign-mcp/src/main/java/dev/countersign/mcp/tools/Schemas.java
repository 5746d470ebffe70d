package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the tools' inputs and outputs, with the CRD's bounds, so that a client sees
 * them before it calls and the SDK refuses arguments of the wrong type.
 */
final class Schemas {
  /** The note every tool that could lead to a change carries. */
  static final String NOT_AN_APPROVAL =
      " Nothing an agent or its MCP client says is an approval: elicitation, confirmation dialogs"
          + " or chat buttons never count. Only an Approval created by an allowed human (kubectl"
          + " approve) does.";

  private Schemas() {}

  static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  /** An output object: its properties are described, more may come. */
  static Map<String, Object> output(Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    return schema;
  }

  static Map<String, Object> string(String description, int maxLength) {
    return Map.of("type", "string", "description", description, "maxLength", maxLength);
  }

  static Map<String, Object> namespace(String description) {
    return Map.of(
        "type",
        "string",
        "description",
        description,
        "maxLength",
        63,
        "pattern",
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  }

  static Map<String, Object> integer(String description, long min, long max) {
    return Map.of("type", "integer", "description", description, "minimum", min, "maximum", max);
  }

  static Map<String, Object> enumOf(String description, List<String> values) {
    return Map.of("type", "string", "description", description, "enum", values);
  }

  static Map<String, Object> anyObject(String description) {
    return Map.of("type", "object", "description", description);
  }

  static Map<String, Object> anyArray(String description) {
    return Map.of("type", "array", "description", description);
  }

  static Map<String, Object> reasoning() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("summary", string("Why this change, in one or two sentences (required).", 1024));
    properties.put(
        "evidence",
        Map.of(
            "type",
            "array",
            "maxItems",
            20,
            "description",
            "What the agent observed: metrics, alerts, log lines.",
            "items",
            Map.of("type", "string", "maxLength", Reasoning.MAX_ENTRY_LENGTH)));
    properties.put(
        "alternatives",
        Map.of(
            "type",
            "array",
            "maxItems",
            10,
            "description",
            "What else was considered, and why not.",
            "items",
            Map.of("type", "string", "maxLength", Reasoning.MAX_ENTRY_LENGTH)));
    properties.put(
        "confidence",
        Map.of(
            "type", "number", "minimum", 0, "maximum", 1, "description", "How sure the agent is."));
    properties.put("plan", string("What the agent does next.", 2048));
    Map<String, Object> schema = object(properties, List.of("summary"));
    schema.put("description", "Why the agent asks; people read it before they approve.");
    return schema;
  }

  /** The structured view of one request (RequestView). */
  static Map<String, Object> request() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("name", Map.of("type", "string"));
    properties.put("namespace", Map.of("type", "string"));
    properties.put("phase", Map.of("type", "string"));
    properties.put("terminal", Map.of("type", "boolean"));
    properties.put("message", Map.of("type", "string"));
    properties.put("decision", anyObject("The verdict, every reason in words and reason codes."));
    properties.put(
        "approvals", anyObject("Approvals counted (have), needed (need), from whom, and given."));
    properties.put("expiresAt", Map.of("type", "string"));
    properties.put("execution", anyObject("What happened: started, finished, changes."));
    properties.put(
        "approveCommand",
        string("The exact line a human approver runs, while the request awaits approval.", 300));
    return output(properties, List.of("name", "namespace", "phase", "message", "approvals"));
  }
}
