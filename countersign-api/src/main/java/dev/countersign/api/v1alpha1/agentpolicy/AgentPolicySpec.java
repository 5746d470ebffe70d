package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What an AgentPolicy allows or forbids. */
@JsonClassDescription(
    "Whom the policy governs (subjects) and which workloads (targets), one rule per action, and policy-wide budget, cooldown, freeze windows, mode and request TTL.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AgentPolicySpec(
    @Required
        @JsonPropertyDescription(
            "The agents this policy applies to: service accounts, users or groups. A request"
                + " whose requester matches none of them is not governed by this policy.")
        Subjects subjects,
    @Required
        @JsonPropertyDescription(
            "The workloads this policy applies to: namespaces, kinds and names or labels.")
        Targets targets,
    @Required
        @Size(min = 1, max = 16)
        @JsonPropertyDescription(
            "One rule per action. A request is allowed only when a rule for its action allows"
                + " it; a rule with effect Deny forbids the action outright.")
        List<PolicyRule> rules,
    @Pattern(DURATION_PATTERN)
        @Size(max = 32)
        @JsonPropertyDescription(
            "How long a request may wait for approval (or, once approved, for a change freeze"
                + " to end) before it expires, as a Go-style duration such as 30m or 4h."
                + " Defaults to the operator's countersign.request-ttl setting.")
        String requestTTL,
    @JsonPropertyDescription(
            "At most N executed actions per window, per agent and per target, counted from"
                + " the cluster's ActionRequests that this policy allowed.")
        Budget budget,
    @Pattern(DURATION_PATTERN)
        @Size(max = 32)
        @JsonPropertyDescription(
            "The least time between the end of one action on a target and the start of the"
                + " next one this policy allows, as a Go-style duration such as 10m.")
        String cooldown,
    @Size(max = 16)
        @JsonPropertyDescription(
            "Recurring change freezes: a request decided inside one is Denied; an approved"
                + " request waits until the freeze ends (or the request expires).")
        List<FreezeWindow> freezeWindows,
    @Pattern("^(Enforce|Audit)$")
        @Size(max = 7)
        @JsonPropertyDescription(
            "Enforce (default): decisions are carried out. Audit: requests this policy governs"
                + " are decided and recorded (phase Evaluated, with what would have happened)"
                + " but never executed.")
        String mode,
    @JsonProperty("notify")
        @Size(max = 8)
        @JsonPropertyDescription(
            "Channels told how requests this policy governs ended, e.g. the agent team's:"
                + " each names a NotificationChannel in the operator's namespace and the"
                + " outcomes it hears.")
        List<OutcomeNotification> outcomeChannels) {

  /** A Go-style duration such as 30m, 4h or 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]+(ns|us|ms|s|m|h))+$";

  public static final String ENFORCE = "Enforce";
  public static final String AUDIT = "Audit";

  public AgentPolicySpec {
    rules = rules == null ? List.of() : List.copyOf(rules);
    freezeWindows = freezeWindows == null ? List.of() : List.copyOf(freezeWindows);
    outcomeChannels = outcomeChannels == null ? List.of() : List.copyOf(outcomeChannels);
  }

  /** A spec that notifies no channel of outcomes. */
  public AgentPolicySpec(
      Subjects subjects,
      Targets targets,
      List<PolicyRule> rules,
      String requestTTL,
      Budget budget,
      String cooldown,
      List<FreezeWindow> freezeWindows,
      String mode) {
    this(subjects, targets, rules, requestTTL, budget, cooldown, freezeWindows, mode, List.of());
  }

  /** A spec with matching, rules and a request TTL only. */
  public AgentPolicySpec(
      Subjects subjects, Targets targets, List<PolicyRule> rules, String requestTTL) {
    this(subjects, targets, rules, requestTTL, null, null, List.of(), null);
  }

  /** Whether requests this policy governs are only decided and recorded, never executed. */
  public boolean audits() {
    return AUDIT.equals(mode);
  }
}
