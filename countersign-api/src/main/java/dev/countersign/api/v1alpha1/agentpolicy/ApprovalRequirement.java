package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Who must approve an allowed action before Countersign performs it. */
@JsonClassDescription(
    "Whether people must approve before the action runs, how many, who, for how long an approval counts, and which channels hear that a request waits.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!has(self.required) || !self.required || (has(self.approvers) &&"
            + " ((has(self.approvers.users) && size(self.approvers.users) > 0) ||"
            + " (has(self.approvers.groups) && size(self.approvers.groups) > 0)))",
    message = "a required approval must name at least one approver user or group")
public record ApprovalRequirement(
    @JsonPropertyDescription("Whether approval is required before the action runs.")
        Boolean required,
    @Min(1)
        @Max(10)
        @JsonPropertyDescription(
            "How many distinct people must approve (default 1). The requester never counts.")
        Integer minApprovals,
    @JsonPropertyDescription("The people who may approve, by user name or group.")
        Approvers approvers,
    @JsonPropertyDescription(
            "When a required approval is waived: a scale request whose step from the live"
                + " replica count is within these bounds runs without waiting for anyone,"
                + " e.g. {maxStepUp: \"2\"} auto-approves scale-ups of at most 2 replicas.")
        AutoApproveCondition autoApproveWhen,
    @Pattern("^([0-9]+(ns|us|ms|s|m|h))+$")
        @Size(max = 32)
        @JsonPropertyDescription(
            "How long an approval stays valid after it is given, as a Go duration (e.g. 30m)."
                + " An approval older than this when the quorum is counted does not count."
                + " Without it an approval is valid until the request expires.")
        String ttl,
    @JsonProperty("notify")
        @Size(max = 8)
        @JsonPropertyDescription(
            "NotificationChannels (names in the operator's namespace) told when a request this"
                + " rule governs waits for approval: who may approve, what will change, and the"
                + " kubectl approve line. Approving stays a Kubernetes action.")
        List<@Size(min = 1, max = 253) String> channels) {

  public ApprovalRequirement {
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** A requirement that notifies nobody. */
  public ApprovalRequirement(
      Boolean required,
      Integer minApprovals,
      Approvers approvers,
      AutoApproveCondition autoApproveWhen,
      String ttl) {
    this(required, minApprovals, approvers, autoApproveWhen, ttl, List.of());
  }

  /** A requirement without auto-approve conditions, whose approvals last until expiry. */
  public ApprovalRequirement(Boolean required, Integer minApprovals, Approvers approvers) {
    this(required, minApprovals, approvers, null, null);
  }

  /** Whether this requirement asks for a human before execution. */
  public boolean requiresApproval() {
    return Boolean.TRUE.equals(required);
  }

  /** The quorum size, defaulting to one. */
  public int quorum() {
    return minApprovals == null ? 1 : minApprovals;
  }

  /** Approver users and groups. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Approvers(
      @Size(max = 32) @JsonPropertyDescription("User names allowed to approve.")
          List<@Size(max = 253) String> users,
      @Size(max = 32) @JsonPropertyDescription("Groups whose members are allowed to approve.")
          List<@Size(max = 253) String> groups) {
    public Approvers {
      users = users == null ? List.of() : List.copyOf(users);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }
}
