package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * When a rule that requires approval lets a scale request through without it: the request's step
 * from the live replica count is within these bounds. A direction without a bound is never
 * auto-approved; a request that changes nothing (step 0) always is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoApproveCondition(
    @Pattern(StepLimits.PATTERN)
        @Size(max = 7)
        @JsonPropertyDescription(
            "Scale-ups of at most this many replicas (\"2\") or this percentage of the current"
                + " replicas (\"50%\", rounded up) need no approval.")
        String maxStepUp,
    @Pattern(StepLimits.PATTERN)
        @Size(max = 7)
        @JsonPropertyDescription(
            "Scale-downs of at most this many replicas (\"2\") or this percentage of the current"
                + " replicas (\"50%\", rounded up) need no approval.")
        String maxStepDown) {}
