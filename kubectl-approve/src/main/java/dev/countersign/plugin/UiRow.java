package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One request as a row of the timeline, and of its JSON and CSV exports.
 *
 * @param created creationTimestamp (RFC 3339)
 * @param action the action's name (scale, restart, rollback)
 * @param wants the action in words, e.g. "scale to 8"
 * @param target e.g. "Deployment/web"
 * @param approvals given/needed, e.g. "0/1"
 * @param approvers who approved or rejected (counted or not), in order
 * @param reasonCodes the decision's reason codes
 */
record UiRow(
    String namespace,
    String name,
    String uid,
    String created,
    String agent,
    String action,
    String wants,
    String target,
    String phase,
    String message,
    String summary,
    String approvals,
    List<String> approvers,
    List<String> reasonCodes) {

  static UiRow of(ActionRequest r) {
    var spec = r.getSpec();
    var status = r.getStatus();
    Decision decision = status == null ? null : status.decision();
    return new UiRow(
        r.getMetadata().getNamespace(),
        r.getMetadata().getName(),
        r.getMetadata().getUid(),
        r.getMetadata().getCreationTimestamp(),
        RequestText.agent(spec),
        spec == null || spec.action() == null ? "" : spec.action(),
        RequestText.action(spec),
        RequestText.target(spec),
        String.valueOf(r.phase()),
        status == null || status.message() == null ? "" : status.message(),
        RequestText.summary(spec, Integer.MAX_VALUE),
        RequestText.approvals(r),
        status == null
            ? List.of()
            : status.approvals().stream().map(ApprovalRecord::approver).toList(),
        decision == null ? List.of() : decision.reasonCodes());
  }

  static final List<String> CSV_HEADER =
      List.of(
          "namespace",
          "name",
          "uid",
          "created",
          "agent",
          "action",
          "wants",
          "target",
          "phase",
          "message",
          "summary",
          "approvals",
          "approvers",
          "reasonCodes");

  /** The row as one CSV record (RFC 4180), lists joined with spaces. */
  String csv() {
    return List.of(
            namespace,
            name,
            uid,
            created,
            agent,
            action,
            wants,
            target,
            phase,
            message,
            summary,
            approvals,
            String.join(" ", approvers),
            String.join(" ", reasonCodes))
        .stream()
        .map(UiRow::csvField)
        .collect(Collectors.joining(","));
  }

  /**
   * A field quoted when it holds a comma, quote or line break; a field a spreadsheet would take for
   * a formula (=, +, -, @) gets a leading apostrophe, since agents write the summaries.
   */
  static String csvField(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
