package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * How many actions this policy lets run within a sliding window. Counted from the cluster's
 * ActionRequests that this policy allowed and that started executing within the window, so an
 * operator restart resets nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Budget(
    @Required
        @Pattern(AgentPolicySpec.DURATION_PATTERN)
        @Size(max = 32)
        @JsonPropertyDescription("The sliding window, as a Go-style duration such as 1h or 24h.")
        String window,
    @Min(1)
        @JsonPropertyDescription(
            "At most this many executed actions per agent (requester) within the window.")
        Integer maxActionsPerAgent,
    @Min(1)
        @JsonPropertyDescription(
            "At most this many executed actions per target workload within the window.")
        Integer maxActionsPerTarget) {}
