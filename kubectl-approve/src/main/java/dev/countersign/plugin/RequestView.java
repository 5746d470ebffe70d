package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one screen an approver reads: who asks for what and why, what policy decided, who approved so
 * far, and what will change.
 */
final class RequestView {
  private final StringBuilder out = new StringBuilder();
  private final Clock clock;

  private RequestView(Clock clock) {
    this.clock = clock;
  }

  static String render(
      ActionRequest request,
      String specHash,
      List<String> changes,
      Identity me,
      Optional<String> whyNot,
      Clock clock) {
    RequestView view = new RequestView(clock);
    view.header(request, specHash);
    view.reasoning(request.getSpec() == null ? null : request.getSpec().reasoning());
    view.decision(request.getStatus() == null ? null : request.getStatus().decision());
    view.approvals(request);
    view.line("");
    view.line("WHAT WILL CHANGE");
    changes.forEach(c -> view.line("  " + c));
    view.line("");
    view.line(
        "You: "
            + me.user()
            + " ("
            + me.source()
            + (me.groups().isEmpty() ? "" : ", groups " + me.groups())
            + ") "
            + whyNot.map(w -> "may not approve: " + w).orElse("may approve this request"));
    return view.out.toString();
  }

  private void header(ActionRequest request, String specHash) {
    ActionRequestSpec spec = request.getSpec();
    var meta = request.getMetadata();
    line("Request:    " + meta.getNamespace() + "/" + meta.getName());
    line("Agent:      " + RequestText.agent(spec));
    line(
        "Wants to:   "
            + RequestText.action(spec)
            + " "
            + RequestText.target(spec)
            + (spec != null && spec.dryRunOnly() ? " (dry run: decide only)" : ""));
    line(
        "Phase:      "
            + request.phase()
            + (request.getStatus() == null || request.getStatus().message() == null
                ? ""
                : " — " + request.getStatus().message()));
    line(
        "Filed:      "
            + RequestText.age(request, clock)
            + " ago; expires "
            + RequestText.expiry(request, clock));
    line("Identity:   uid " + meta.getUid() + ", spec hash " + specHash);
  }

  private void reasoning(Reasoning reasoning) {
    line("");
    line("REASONING");
    if (reasoning == null) {
      line("  (the agent gave none)");
      return;
    }
    line("  Summary:      " + orNone(reasoning.summary()));
    list("  Evidence:", reasoning.evidence());
    list("  Alternatives:", reasoning.alternatives());
    line(
        "  Confidence:   "
            + (reasoning.confidence() == null ? "(not given)" : reasoning.confidence()));
    line("  Plan:         " + orNone(reasoning.plan()));
  }

  private void decision(Decision decision) {
    line("");
    if (decision == null) {
      line("DECISION: not decided yet");
      return;
    }
    line("DECISION: " + decision.verdict());
    for (Decision.PolicyMatch p : decision.policies()) {
      line(
          "  policy "
              + p.name()
              + " (generation "
              + p.generation()
              + "): "
              + orNone(p.effect())
              + " — "
              + orNone(p.outcome()));
    }
    decision.reasons().forEach(r -> line("  - " + r));
    Decision.RequiredApprovals required = decision.requiredApprovals();
    if (required != null) {
      line(
          "  needs "
              + required.minApprovals()
              + " approval(s) from "
              + (required.users().isEmpty() ? "" : "users " + required.users())
              + (!required.users().isEmpty() && !required.groups().isEmpty() ? " or " : "")
              + (required.groups().isEmpty() ? "" : "groups " + required.groups()));
    }
  }

  private void approvals(ActionRequest request) {
    line("");
    line("APPROVALS SO FAR: " + RequestText.approvals(request));
    List<ApprovalRecord> records =
        request.getStatus() == null ? List.of() : request.getStatus().approvals();
    if (records.isEmpty()) {
      line("  none yet");
    }
    for (ApprovalRecord r : records) {
      Instant at = RequestText.instant(r.at());
      line(
          "  "
              + r.approver()
              + " "
              + ("Reject".equals(r.decision()) ? "rejected" : "approved")
              + (at == null
                  ? ""
                  : " " + HumanDuration.format(Duration.between(at, clock.instant())) + " ago")
              + (r.counted() ? " (counted)" : " (ignored)")
              + (r.reason() == null ? "" : ": " + r.reason()));
    }
  }

  private void list(String label, List<String> items) {
    if (items.isEmpty()) {
      line(label + " ".repeat(Math.max(1, 16 - label.length())) + "(none given)");
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      String prefix = i == 0 ? label : "";
      line(prefix + " ".repeat(Math.max(1, 16 - prefix.length())) + "- " + items.get(i));
    }
  }

  private static String orNone(String s) {
    return s == null || s.isBlank() ? "(not given)" : s;
  }

  private void line(String s) {
    out.append(s).append('\n');
  }
}
