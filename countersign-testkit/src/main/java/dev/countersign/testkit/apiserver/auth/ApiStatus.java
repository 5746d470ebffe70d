package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.testkit.apiserver.FailureStatus;

/**
 * The metav1.Status error bodies kube-apiserver answers with, worded as
 * k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go and
 * k8s.io/apimachinery/pkg/api/errors word them.
 */
final class ApiStatus {

  private ApiStatus() {}

  /** 401: no bearer token, or one that does not authenticate. */
  static String unauthorized() {
    return FailureStatus.json(401, "Unauthorized", "Unauthorized", null);
  }

  /**
   * 403 for a request the authorizer denied.
   *
   * @param reason the authorizer's reason, appended after ": " when not empty
   */
  static String forbidden(UserInfo user, RequestInfo request, String reason) {
    String message = sanitize(forbiddenMessage(user, request));
    if (!reason.isEmpty()) {
      message = message + ": " + reason;
    }
    String group = request.resourceRequest() ? request.apiGroup() : "";
    String resource = request.resourceRequest() ? request.resource() : "";
    String name = request.resourceRequest() ? request.name() : "";
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    String full;
    if (group.isEmpty() && resource.isEmpty()) {
      full = "forbidden: " + message;
    } else if (name.isEmpty()) {
      full = qualified + " is forbidden: " + message;
    } else {
      full = qualified + " " + GoQuoted.of(name) + " is forbidden: " + message;
    }
    ObjectNode details = ApiJson.object();
    ApiJson.putIfNotEmpty(details, "name", name);
    ApiJson.putIfNotEmpty(details, "group", group);
    ApiJson.putIfNotEmpty(details, "kind", resource);
    return FailureStatus.json(403, "Forbidden", full, details);
  }

  /** The API server's forbiddenMessage: who cannot do what, where. */
  static String forbiddenMessage(UserInfo user, RequestInfo request) {
    String username = GoQuoted.of(user.username());
    if (!request.resourceRequest()) {
      return "User "
          + username
          + " cannot "
          + request.verb()
          + " path "
          + GoQuoted.of(request.path());
    }
    String what =
        "User "
            + username
            + " cannot "
            + request.verb()
            + " resource "
            + GoQuoted.of(request.combinedResource())
            + " in API group "
            + GoQuoted.of(request.apiGroup());
    if (!request.namespace().isEmpty()) {
      return what + " in the namespace " + GoQuoted.of(request.namespace());
    }
    return what + " at the cluster scope";
  }

  /** 404 for an object that does not exist, e.g. {@code serviceaccounts "web" not found}. */
  static String notFound(String resource, String name) {
    ObjectNode details = ApiJson.object();
    details.put("name", name);
    details.put("kind", resource);
    return FailureStatus.json(404, "NotFound", resource + " \"" + name + "\" not found", details);
  }

  /** 400 with the given message. */
  static String badRequest(String message) {
    return FailureStatus.json(400, "BadRequest", message, null);
  }

  /**
   * 422 for an object that fails validation on one field.
   *
   * @param kind the object's kind, e.g. {@code SelfSubjectAccessReview}
   * @param group the kind's API group
   * @param field the field path, e.g. {@code spec.resourceAttributes}
   * @param badValue the value as Go's field errors print it, e.g. {@code "null"}
   * @param detail what is wrong with it
   */
  static String invalid(String kind, String group, String field, String badValue, String detail) {
    String body = "Invalid value: " + badValue + ": " + detail;
    ObjectNode cause = ApiJson.object();
    cause.put("reason", "FieldValueInvalid");
    cause.put("message", body);
    cause.put("field", field);
    ObjectNode details = ApiJson.object();
    details.put("group", group);
    details.put("kind", kind);
    details.set("causes", ApiJson.MAPPER.createArrayNode().add(cause));
    String message = kind + "." + group + " \"\" is invalid: " + field + ": " + body;
    return FailureStatus.json(422, "Invalid", message, details);
  }

  /** The errors.go sanitizer: no text that could pass for HTML. */
  private static String sanitize(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (char c : message.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
