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
    if (spec == null) {
      return "(none)";
    }
    return action(
        spec.action(),
        spec.scale() == null ? null : spec.scale().replicas(),
        spec.rollback() == null ? null : spec.rollback().toRevision());
  }

  /** The same from the parts: the action, the replicas to scale to, the revision to go back to. */
  static String action(String action, Object replicas, Object toRevision) {
    if (action == null) {
      return "(none)";
    }
    return switch (action) {
      case "scale" -> replicas == null ? "scale" : "scale to " + replicas;
      case "rollback" -> toRevision == null ? "rollback" : "rollback to revision " + toRevision;
      default -> action;
    };
  }

  /** E.g. "Deployment/web". */
  static String target(ActionRequestSpec spec) {
    return target(spec == null ? null : spec.target());
  }

  static String target(ActionRequestSpec.TargetRef target) {
    return target == null ? "(none)" : String.valueOf(target);
  }

  static String agent(ActionRequestSpec spec) {
    return agent(spec == null ? null : spec.requester());
  }

  static String agent(String requester) {
    return requester == null ? "(none)" : requester;
  }

  /** The reasoning summary on one line, cut to {@code max} characters. */
  static String summary(ActionRequestSpec spec, int max) {
    return summary(
        spec == null || spec.reasoning() == null ? null : spec.reasoning().summary(), max);
  }

  /** A reasoning summary (or null) on one line, cut to {@code max} characters. */
  static String summary(String text, int max) {
    String summary = text == null ? "" : WHITESPACE.matcher(text).replaceAll(" ").strip();
    return summary.length() <= max ? summary : summary.substring(0, max - 1) + "…";
  }

  /** E.g. "0/2": status.approvalSummary, else 0 of what the decision requires. */
  static String approvals(ActionRequest request) {
    return approvals(
        request.getStatus() == null ? null : request.getStatus().approvalSummary(),
        ApproverCheck.required(request));
  }

  /** The same from status.approvalSummary and the decision's requirement (either may be null). */
  static String approvals(String approvalSummary, Decision.RequiredApprovals required) {
    if (approvalSummary != null) {
      return approvalSummary;
    }
    return required == null ? "-" : "0/" + required.minApprovals();
  }

  static String age(ActionRequest request, Clock clock) {
    return age(request.getMetadata().getCreationTimestamp(), clock);
  }

  /** The age of an object created at this timestamp (RFC 3339), or "-". */
  static String age(String creationTimestamp, Clock clock) {
    Instant created = instant(creationTimestamp);
    return created == null ? "-" : HumanDuration.format(Duration.between(created, clock.instant()));
  }

  /** E.g. "in 1h12m", "expired 3m ago", "-" when the decision sets no expiry. */
  static String expiry(ActionRequest request, Clock clock) {
    return expiry(expiresAt(request), clock);
  }

  /** The same from the expiry itself (null: none). */
  static String expiry(Instant at, Clock clock) {
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
