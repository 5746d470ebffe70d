package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Bounds on how far back a rollback request may go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackLimits(
    @Min(1)
        @JsonPropertyDescription(
            "How many revisions back from the current one a rollback may go, counting the"
                + " revisions `kubectl rollout history` lists: 1 allows only the previous"
                + " revision.")
        Integer maxRevisionsBack) {}
