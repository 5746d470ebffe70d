package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a policy says about one action. */
@JsonClassDescription(
    "What the policy says about one action: allow it within limits and with the approvals it requires, or deny it outright (effect Deny).")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "!has(self.scale) || self.action == 'scale'",
    message = "scale limits belong to a rule for action scale")
@ValidationRule(
    value = "!has(self.rollback) || self.action == 'rollback'",
    message = "rollback limits belong to a rule for action rollback")
@ValidationRule(
    value = "!has(self.effect) || self.effect == 'Allow' || !has(self.approval)",
    message = "a Deny rule takes no approval requirement")
public record PolicyRule(
    @Required
        @Pattern("^(scale|restart|rollback)$")
        @Size(max = 8)
        @JsonPropertyDescription("The action this rule governs: scale, restart or rollback.")
        String action,
    @Pattern("^(Allow|Deny)$")
        @Size(max = 5)
        @JsonPropertyDescription(
            "Allow (default) permits the action within the limits below; Deny forbids it and"
                + " wins over every Allow.")
        String effect,
    @JsonPropertyDescription("Limits for scale requests.") ScaleLimits scale,
    @JsonPropertyDescription(
            "Whether people must approve before the action runs, how many, and who."
                + " Without it the action runs as soon as it is allowed.")
        ApprovalRequirement approval,
    @JsonPropertyDescription("Limits for rollback requests.") RollbackLimits rollback) {

  /** A rule without rollback limits. */
  public PolicyRule(String action, String effect, ScaleLimits scale, ApprovalRequirement approval) {
    this(action, effect, scale, approval, null);
  }

  public static final String ALLOW = "Allow";
  public static final String DENY = "Deny";

  /** Whether this rule forbids its action. */
  public boolean denies() {
    return DENY.equals(effect);
  }
}
