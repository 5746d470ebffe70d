package dev.countersign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema the CRDs give each entry of {@code status.conditions} (through {@code @SchemaFrom}):
 * the fields of Fabric8's {@code Condition}, which the statuses hold, with the descriptions that
 * class cannot carry. Never instantiated.
 */
@JsonClassDescription(
    "One condition, as the Kubernetes API conventions define them: an aspect of the object's"
        + " state, whether it holds, and why.")
public record ConditionSchema(
    @JsonPropertyDescription("The aspect it describes, e.g. Ready, Decided, Approved, Executed.")
        String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("Why, as one CamelCase word a program can match.") String reason,
    @JsonPropertyDescription("Why, in words for people.") String message,
    @JsonPropertyDescription("When status last changed (RFC 3339).") String lastTransitionTime,
    @JsonPropertyDescription("The metadata.generation the condition was set for.")
        Long observedGeneration) {}
