package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Bounds on the replica count a scale request may ask for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "minReplicas must not exceed maxReplicas")
public record ScaleLimits(
    @Min(0) @JsonPropertyDescription("The fewest replicas a request may ask for.")
        Integer minReplicas,
    @Min(0) @JsonPropertyDescription("The most replicas a request may ask for.")
        Integer maxReplicas) {}
