package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body kube-apiserver answers an invalid write with: a {@code Status} with reason {@code
 * Invalid} and code 422 ({@code apierrors.NewInvalid}), serialized as Go's {@code encoding/json}
 * does (field order of {@code metav1.Status}, empty fields omitted, {@code <}, {@code >} and {@code
 * &} escaped).
 */
public final class InvalidStatus {
  private InvalidStatus() {}

  /**
   * The {@code Status} message: {@code Kind.group "name" is invalid: <errors>}, with one error as
   * is and several, de-duplicated, in brackets.
   */
  public static String message(String group, String kind, String name, List<FieldError> errors) {
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    String head = qualified + " " + GoFormat.quote(name) + " is invalid";
    Set<String> messages = new LinkedHashSet<>();
    errors.forEach(e -> messages.add(e.toString()));
    if (messages.isEmpty()) {
      return head;
    }
    if (messages.size() == 1) {
      return head + ": " + messages.iterator().next();
    }
    return head + ": [" + String.join(", ", new ArrayList<>(messages)) + "]";
  }

  /** The whole 422 response body. */
  public static String render(String group, String kind, String name, List<FieldError> errors) {
    StringBuilder b = new StringBuilder();
    b.append("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\"");
    b.append(",\"message\":");
    GoFormat.appendJsonString(b, message(group, kind, name, errors));
    b.append(",\"reason\":\"Invalid\",\"details\":{");
    List<String> details = new ArrayList<>();
    if (!name.isEmpty()) {
      details.add(field("name", name));
    }
    if (!group.isEmpty()) {
      details.add(field("group", group));
    }
    if (!kind.isEmpty()) {
      details.add(field("kind", kind));
    }
    if (!errors.isEmpty()) {
      List<String> causes = new ArrayList<>();
      for (FieldError e : errors) {
        List<String> cause = new ArrayList<>();
        cause.add(field("reason", e.type().reason()));
        if (!e.message().isEmpty()) {
          cause.add(field("message", e.message()));
        }
        if (!e.field().isEmpty()) {
          cause.add(field("field", e.field()));
        }
        causes.add("{" + String.join(",", cause) + "}");
      }
      details.add("\"causes\":[" + String.join(",", causes) + "]");
    }
    b.append(String.join(",", details)).append("},\"code\":422}");
    return b.toString();
  }

  private static String field(String key, String value) {
    StringBuilder b = new StringBuilder();
    GoFormat.appendJsonString(b, key);
    b.append(':');
    GoFormat.appendJsonString(b, value);
    return b.toString();
  }
}
