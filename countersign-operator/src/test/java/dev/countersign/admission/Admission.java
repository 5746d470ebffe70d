package dev.countersign.admission;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Admission inputs as the API server hands them to a ValidatingAdmissionPolicy. */
final class Admission {
  static final String AGENT = "system:serviceaccount:shop:ops-agent";

  private Admission() {}

  static Map<String, Object> request(
      String operation, String resource, String username, List<String> groups) {
    Map<String, Object> userInfo = new HashMap<>();
    userInfo.put("username", username);
    if (groups != null) {
      userInfo.put("groups", groups);
    }
    return Map.of(
        "operation",
        operation,
        "resource",
        Map.of("group", "countersign.dev", "version", "v1alpha1", "resource", resource),
        "userInfo",
        userInfo);
  }

  static Map<String, Object> actionRequest(String requester, List<String> requesterGroups) {
    Map<String, Object> spec = new HashMap<>();
    spec.put("requester", requester);
    if (requesterGroups != null) {
      spec.put("requesterGroups", requesterGroups);
    }
    spec.put("action", "scale");
    spec.put("target", Map.of("kind", "Deployment", "name", "web"));
    spec.put("scale", Map.of("replicas", 5L));
    spec.put("reasoning", Map.of("summary", "p95 over SLO"));
    return object("ActionRequest", "scale-web", spec);
  }

  static Map<String, Object> approval(String approver, List<String> groups) {
    Map<String, Object> spec = new HashMap<>();
    spec.put("request", Map.of("name", "scale-web", "uid", "6b3f"));
    spec.put("specHash", "a".repeat(64));
    spec.put("decision", "Approve");
    spec.put("approver", approver);
    if (groups != null) {
      spec.put("groups", groups);
    }
    return object("Approval", "scale-web-alice", spec);
  }

  /** The same object with another spec field value, as an update would send it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withSpec(Map<String, Object> object, String field, Object value) {
    Map<String, Object> spec = new HashMap<>((Map<String, Object>) object.get("spec"));
    spec.put(field, value);
    Map<String, Object> copy = new HashMap<>(object);
    copy.put("spec", spec);
    return copy;
  }

  /** The same object with an annotation added, as the operator's audit patch sends it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> annotated(Map<String, Object> object) {
    Map<String, Object> metadata = new HashMap<>((Map<String, Object>) object.get("metadata"));
    metadata.put("annotations", Map.of("countersign.dev/decision", "NeedsApproval"));
    Map<String, Object> copy = new HashMap<>(object);
    copy.put("metadata", metadata);
    return copy;
  }

  private static Map<String, Object> object(String kind, String name, Map<String, Object> spec) {
    return Map.of(
        "apiVersion",
        "countersign.dev/v1alpha1",
        "kind",
        kind,
        "metadata",
        Map.of("name", name, "namespace", "shop"),
        "spec",
        spec);
  }
}
