package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The short phrases the list, the show view and the prompt all use for a request. */
final class RequestText {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private RequestText() {}

  /** E.g. "scale to 8", "restart", "rollback to revision 3", "rollback". */
  static String action(ActionRequestSpec spec) {
    if (spec == null || spec.action() == null) {
      return "(none)";
    }
    return switch (spec.action()) {
      case "scale" ->
          spec.scale() == null || spec.scale().replicas() == null
              ? "scale"
              : "scale to " + spec.scale().replicas();
      case "rollback" ->
          spec.rollback() == null || spec.rollback().toRevision() == null
              ? "rollback"
              : "rollback to revision " + spec.rollback().toRevision();
      default -> spec.action();
    };
  }

  /** E.g. "Deployment/web". */
  static String target(ActionRequestSpec spec) {
    return spec == null || spec.target() == null ? "(none)" : String.valueOf(spec.target());
  }

  static String agent(ActionRequestSpec spec) {
    return spec == null || spec.requester() == null ? "(none)" : spec.requester();
  }

  /** The reasoning summary on one line, cut to {@code max} characters. */
  static String summary(ActionRequestSpec spec, int max) {
    String summary =
        spec == null || spec.reasoning() == null || spec.reasoning().summary() == null
            ? ""
            : WHITESPACE.matcher(spec.reasoning().summary()).replaceAll(" ").strip();
    return summary.length() <= max ? summary : summary.substring(0, max - 1) + "…";
  }

  /** E.g. "0/2": status.approvalSummary, else 0 of what the decision requires. */
  static String approvals(ActionRequest request) {
    if (request.getStatus() != null && request.getStatus().approvalSummary() != null) {
      return request.getStatus().approvalSummary();
    }
    var required = ApproverCheck.required(request);
    return required == null ? "-" : "0/" + required.minApprovals();
  }

  static String age(ActionRequest request, Clock clock) {
    Instant created = instant(request.getMetadata().getCreationTimestamp());
    return created == null ? "-" : HumanDuration.format(Duration.between(created, clock.instant()));
  }

  /** E.g. "in 1h12m", "expired 3m ago", "-" when the decision sets no expiry. */
  static String expiry(ActionRequest request, Clock clock) {
    Instant at = expiresAt(request);
    if (at == null) {
      return "-";
    }
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative()
        ? "expired " + HumanDuration.format(left.negated()) + " ago"
        : "in " + HumanDuration.format(left);
  }

  static Instant expiresAt(ActionRequest request) {
    Decision decision = request.getStatus() == null ? null : request.getStatus().decision();
    return decision == null ? null : instant(decision.expiresAt());
  }

  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
