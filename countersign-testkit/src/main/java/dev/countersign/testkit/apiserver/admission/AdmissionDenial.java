package dev.countersign.testkit.apiserver.admission;

import dev.countersign.testkit.apiserver.FailureStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write refused by a ValidatingAdmissionPolicy, answered as kube-apiserver answers it: {@code
 * actionrequests.countersign.dev "x" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b'
 * denied request: <message>}, with the HTTP code the validation's reason maps to.
 *
 * @param code the HTTP status
 * @param body the metav1.Status JSON
 * @param message the Status message
 */
public record AdmissionDenial(int code, String body, String message) {

  static AdmissionDenial of(
      AdmissionRequest request, String policy, String binding, String reason, String denial) {
    String cause =
        "ValidatingAdmissionPolicy '"
            + policy
            + "' with binding '"
            + binding
            + "' denied request: "
            + denial;
    String message = request.groupResource() + " \"" + request.name() + "\" is forbidden: " + cause;
    String statusReason = reason == null || reason.isBlank() ? "Invalid" : reason;
    int code = codeOf(statusReason);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", request.name());
    if (!request.group().isEmpty()) {
      details.put("group", request.group());
    }
    details.put("kind", request.resource());
    details.put("causes", List.of(Map.of("message", cause)));
    return new AdmissionDenial(
        code, FailureStatus.json(code, statusReason, message, details), message);
  }

  /** The API server's reasonToCode. */
  private static int codeOf(String reason) {
    return switch (reason) {
      case "Forbidden" -> 403;
      case "Unauthorized" -> 401;
      case "RequestEntityTooLarge" -> 413;
      default -> 422;
    };
  }
}
