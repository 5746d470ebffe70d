package dev.countersign.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One structured JSON line per request transition, on the logger {@code countersign.audit}:
 * request, agent, action, target, phase, verdict, reasons and their codes, and approvers.
 */
public final class AuditLog {
  private static final Logger LOG = Logger.getLogger("countersign.audit");
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditLog() {}

  /** Logs the request as it is now, after a transition. */
  public static void transition(ActionRequest request) {
    LOG.info(line(request));
  }

  static String line(ActionRequest request) {
    var spec = request.getSpec();
    var status = request.getStatus();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("event", "transition");
    entry.put(
        "request", request.getMetadata().getNamespace() + "/" + request.getMetadata().getName());
    entry.put("uid", request.getMetadata().getUid());
    entry.put("agent", spec == null ? null : spec.requester());
    entry.put("action", spec == null ? null : spec.action());
    entry.put("target", spec == null || spec.target() == null ? null : spec.target().toString());
    entry.put("phase", request.phase().name());
    Decision decision = status == null ? null : status.decision();
    entry.put("verdict", decision == null ? null : decision.verdict());
    entry.put("reasons", decision == null ? List.of() : decision.reasons());
    entry.put("reasonCodes", decision == null ? List.of() : decision.reasonCodes());
    entry.put(
        "approvers",
        status == null
            ? List.of()
            : status.approvals().stream()
                .filter(ApprovalRecord::counted)
                .map(ApprovalRecord::approver)
                .toList());
    entry.put("message", status == null ? null : status.message());
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      return "{\"event\":\"transition\",\"error\":\"unserializable audit entry\"}";
    }
  }
}
