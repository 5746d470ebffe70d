package dev.countersign.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code bad-input/cases.yaml}: a raw object (or several) to create, the world it is
 * created in, and the outcome it must end with. See the file's header for the fields.
 */
record BadInputCase(
    String name,
    String kind,
    String world,
    String raw,
    Expectation expect,
    Refusal apiServer,
    int index) {

  static final String RESOURCE = "bad-input/cases.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** 30 KiB: thirty times the summary limit. */
  private static final String LARGE = "x".repeat(30 * 1024);

  /**
   * 1 MiB: about the largest object etcd keeps, a thousand times the summary limit. (The embedded
   * server sends it as one WebSocket frame, as a real API server does; see WholeFrameWatches.)
   */
  private static final String MEGABYTE = "x".repeat(1024 * 1024);

  /** Which object shows the outcome: a condition on it (or on {@code conditionOn}) and an Event. */
  record Expectation(
      String on,
      String condition,
      String event,
      String message,
      String conditionMessage,
      String conditionOn) {

    String type() {
      return condition.substring(0, condition.indexOf('='));
    }

    String status() {
      return condition.substring(condition.indexOf('=') + 1, condition.indexOf('/'));
    }

    String reason() {
      return condition.substring(condition.indexOf('/') + 1);
    }

    /** This expectation with the placeholders of its messages filled in. */
    Expectation filled(Map<String, String> values) {
      return new Expectation(
          on, condition, event, fill(message, values), fill(conditionMessage, values), conditionOn);
    }

    static String fill(String text, Map<String, String> values) {
      if (text == null) {
        return null;
      }
      for (var v : values.entrySet()) {
        text = text.replace("${" + v.getKey() + "}", v.getValue());
      }
      return text;
    }

    String expectedConditionMessage() {
      return conditionMessage != null ? conditionMessage : message;
    }
  }

  /**
   * What the API server does with the case on a cluster with the chart installed: refuses it with
   * this code and message (the CRD schema or the admission policy), or stores it with the field
   * {@code prunes} dropped (an unknown field, as a client that does not ask for strict field
   * validation gets); null when it lets the object through to the operator unchanged.
   */
  record Refusal(int code, String message, String prunes) {
    Refusal filled(Map<String, String> values) {
      return new Refusal(code, Expectation.fill(message, values), prunes);
    }
  }

  static List<BadInputCase> load() {
    try (InputStream in = EmbeddedApiServer.resource(RESOURCE)) {
      JsonNode root = YAML.readTree(in);
      List<BadInputCase> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        JsonNode e = c.get("expect");
        cases.add(
            new BadInputCase(
                c.get("name").asText(),
                c.get("kind").asText(),
                c.has("world") ? c.get("world").asText() : defaultWorld(c.get("kind").asText()),
                c.get("raw").asText(),
                new Expectation(
                    text(e, "on", defaultOn(c.get("kind").asText())),
                    text(e, "condition", null),
                    text(e, "event", null),
                    text(e, "message", null),
                    text(e, "conditionMessage", null),
                    text(e, "conditionOn", null)),
                c.has("apiServer")
                    ? new Refusal(
                        c.get("apiServer").path("code").asInt(),
                        text(c.get("apiServer"), "message", null),
                        text(c.get("apiServer"), "prunes", null))
                    : null,
                cases.size() + 1));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The raw objects, with placeholders filled in: ${ns}, ${request}, ${uid}, ${specHash}, ${30k},
   * ${1m}.
   */
  List<JsonNode> objects(Map<String, String> values) {
    String text = raw.replace("${30k}", LARGE).replace("${1m}", MEGABYTE);
    for (var v : values.entrySet()) {
      text = text.replace("${" + v.getKey() + "}", v.getValue());
    }
    try {
      JsonNode node = YAML.readTree(text);
      List<JsonNode> objects = new ArrayList<>();
      if (node.isArray()) {
        node.forEach(objects::add);
      } else {
        objects.add(node);
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException("case " + name + ": raw is not YAML or JSON", e);
    }
  }

  private static String defaultWorld(String kind) {
    return switch (kind) {
      case "AgentPolicy" -> "none";
      case "Approval" -> "awaiting-approval";
      default -> "permissive";
    };
  }

  private static String defaultOn(String kind) {
    return switch (kind) {
      case "AgentPolicy" -> "policy";
      default -> "request";
    };
  }

  private static String text(JsonNode node, String field, String fallback) {
    return node.has(field) ? node.get(field).asText() : fallback;
  }

  @Override
  public String toString() {
    return String.format("%03d %s: %s", index, kind, name);
  }
}
