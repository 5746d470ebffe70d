package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The agent's account of why it wants the change: what an approver reads first. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Reasoning(
    @Required
        @Size(min = 1, max = 1024)
        @JsonPropertyDescription("One or two sentences: what the agent wants and why.")
        String summary,
    @Size(max = 20)
        @JsonPropertyDescription(
            "Observations that support the change: metrics, alerts, log lines, links.")
        List<@Size(max = Reasoning.MAX_ENTRY_LENGTH) String> evidence,
    @Size(max = 10)
        @JsonPropertyDescription(
            "Other actions the agent considered, and why it did not pick them.")
        List<@Size(max = Reasoning.MAX_ENTRY_LENGTH) String> alternatives,
    @Min(0)
        @Max(1)
        @JsonPropertyDescription("The agent's confidence that the change helps, from 0 to 1.")
        Double confidence,
    @Size(max = 2048)
        @JsonPropertyDescription("What the agent will do next, after this change or if it fails.")
        String plan) {

  /** The longest evidence or alternative entry the schema accepts. */
  public static final int MAX_ENTRY_LENGTH = 1024;

  public Reasoning {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
  }
}
