package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Bounds on the replica count a scale request may ask for, and on how far one request may move it
 * from the live count. Step limits are an absolute number ({@code "2"}) or a percentage of the
 * current replicas ({@code "50%"}, rounded up).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "minReplicas must not exceed maxReplicas")
public record ScaleLimits(
    @Min(0) @JsonPropertyDescription("The fewest replicas a request may ask for.")
        Integer minReplicas,
    @Min(0) @JsonPropertyDescription("The most replicas a request may ask for.")
        Integer maxReplicas,
    @Pattern(StepLimits.PATTERN)
        @Size(max = 7)
        @JsonPropertyDescription(
            "The largest increase one request may make over the live replica count: a number"
                + " such as \"2\" or a percentage of the current replicas such as \"50%\""
                + " (rounded up).")
        String maxStepUp,
    @Pattern(StepLimits.PATTERN)
        @Size(max = 7)
        @JsonPropertyDescription(
            "The largest decrease one request may make from the live replica count: a number"
                + " such as \"2\" or a percentage of the current replicas such as \"50%\""
                + " (rounded up).")
        String maxStepDown) {

  /** Bounds on the replica count only, without step limits. */
  public ScaleLimits(Integer minReplicas, Integer maxReplicas) {
    this(minReplicas, maxReplicas, null, null);
  }
}
