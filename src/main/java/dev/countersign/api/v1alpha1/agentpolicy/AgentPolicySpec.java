package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What an AgentPolicy allows or forbids. */
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
    @Pattern("^([0-9]+(ns|us|ms|s|m|h))+$")
        @JsonPropertyDescription(
            "How long a request may wait for approval before it expires, as a Go-style"
                + " duration such as 30m or 4h. Defaults to the operator's"
                + " countersign.request-ttl setting.")
        String requestTTL) {

  public AgentPolicySpec {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
