package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metav1.Status body kube-apiserver answers a failed request with ({@code kind: Status}, {@code
 * status: Failure}, the message, reason, details and code, in its field order). Every failure the
 * embedded server answers is written here, whichever part of it refuses.
 */
public final class FailureStatus {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new GoEscapes());
  }

  private FailureStatus() {}

  /**
   * The Status as JSON.
   *
   * @param details what it is about ({@code name}, {@code group}, {@code kind}, {@code causes}), a
   *     map or a JSON node; omitted when null
   */
  public static String json(int code, String reason, String message, Object details) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      status.put("details", details);
    }
    status.put("code", code);
    try {
      return JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Status is always writable", e);
    }
  }
}
