package dev.countersign.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.time.Instant;
import java.util.List;

/**
 * The one body every channel renders: version {@value #SCHEMA} (docs/notifications.md holds its
 * JSON schema). The webhook channel sends it as it is; Slack and Teams render it. It carries no
 * secrets (nothing of a Secret, no tokens, only what {@code kubectl get actionrequest} shows an
 * approver) and its size is bounded: every free text is cut to at most {@value #MAX_TEXT}
 * characters and every list to {@value #MAX_LIST} entries.
 */
@JsonPropertyOrder({"schema", "type", "timestamp", "data"})
public record NotificationPayload(String schema, String type, String timestamp, Data data) {
  public static final String SCHEMA = "countersign.dev/notification/v1";
  static final int MAX_TEXT = 1024;
  static final int MAX_LIST = 32;

  /** What happened to which request. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "event",
    "request",
    "agent",
    "action",
    "target",
    "change",
    "reasoning",
    "policy",
    "rule",
    "approvals",
    "expiresAt",
    "approveCommand",
    "phase",
    "message"
  })
  public record Data(
      String event,
      RequestRef request,
      String agent,
      String action,
      Target target,
      String change,
      Reasoning reasoning,
      String policy,
      String rule,
      Approvals approvals,
      String expiresAt,
      String approveCommand,
      String phase,
      String message) {}

  /** The request: name, namespace and uid. */
  public record RequestRef(String name, String namespace, String uid) {}

  /** The workload the request changes. */
  public record Target(String kind, String name) {}

  /** The agent's reasoning, in brief. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reasoning(String summary, Double confidence) {}

  /** How many approvals count, how many are needed, and who may give them. */
  public record Approvals(int have, int need, List<String> users, List<String> groups) {}

  /**
   * The payload for {@code event} about {@code request}, at {@code now}. {@code change} is the
   * "what will change" line ({@link ChangeText}); {@code policy} and {@code rule} name what governs
   * it (null when no policy does, e.g. a denial by default).
   */
  public static NotificationPayload of(
      ActionRequest request,
      NotificationEvent event,
      String change,
      String policy,
      String rule,
      Instant now) {
    var meta = request.getMetadata();
    var spec = request.getSpec();
    ActionRequestStatus status = request.getStatus();
    Decision decision = status == null ? null : status.decision();
    Approvals approvals = null;
    if (decision != null && decision.requiredApprovals() != null) {
      var required = decision.requiredApprovals();
      int have = (int) status.approvals().stream().filter(a -> a.counted() && isApprove(a)).count();
      approvals =
          new Approvals(
              have, required.minApprovals(), list(required.users()), list(required.groups()));
    }
    String name = meta.getName();
    String namespace = meta.getNamespace();
    return new NotificationPayload(
        SCHEMA,
        event.type(),
        now.toString(),
        new Data(
            event.name(),
            new RequestRef(name, namespace, meta.getUid()),
            spec == null ? null : cut(spec.requester()),
            spec == null ? null : spec.action(),
            spec == null || spec.target() == null
                ? null
                : new Target(spec.target().kind(), cut(spec.target().name())),
            cut(change),
            spec == null || spec.reasoning() == null
                ? null
                : new Reasoning(cut(spec.reasoning().summary()), spec.reasoning().confidence()),
            cut(policy),
            rule,
            approvals,
            decision == null ? null : decision.expiresAt(),
            event == NotificationEvent.AwaitingApproval
                ? "kubectl approve " + name + " -n " + namespace
                : null,
            event.outcome() && status != null && status.phase() != null
                ? status.phase().name()
                : null,
            event.outcome() && status != null ? cut(status.message()) : null));
  }

  private static boolean isApprove(dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord a) {
    return "Approve".equals(a.decision());
  }

  static String cut(String text) {
    if (text == null || text.length() <= MAX_TEXT) {
      return text;
    }
    return text.substring(0, MAX_TEXT - 1) + "…";
  }

  private static List<String> list(List<String> values) {
    return values.stream().limit(MAX_LIST).map(NotificationPayload::cut).toList();
  }
}
