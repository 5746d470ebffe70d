package dev.countersign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * A label selector with the semantics of Kubernetes' {@code metav1.LabelSelector}, kept as a plain
 * record so that the decision logic can evaluate it without the Kubernetes client.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Selector(
    @Size(max = 64)
        @JsonPropertyDescription("Labels that must all be present with exactly these values.")
        Map<String, @Size(max = 63) String> matchLabels,
    @Size(max = 16) @JsonPropertyDescription("Set-based requirements that must all hold.")
        List<Requirement> matchExpressions) {

  public Selector {
    matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
  }

  /** One set-based requirement, as in {@code metav1.LabelSelectorRequirement}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonClassDescription(
      "One label requirement, as in a Kubernetes label selector: a key, an operator and values.")
  @ValidationRule(
      value =
          "self.operator in ['In', 'NotIn'] ? size(self.values) > 0 : !has(self.values) || size(self.values) == 0",
      message = "In and NotIn need values; Exists and DoesNotExist take none")
  public record Requirement(
      @Required
          @Size(min = 1, max = 317)
          @JsonPropertyDescription("The label key the requirement applies to.")
          String key,
      @Required
          @io.fabric8.generator.annotation.Pattern("^(In|NotIn|Exists|DoesNotExist)$")
          @Size(max = 12)
          @JsonPropertyDescription("One of In, NotIn, Exists, DoesNotExist.")
          String operator,
      @Size(max = 64)
          @JsonPropertyDescription(
              "The values for In and NotIn; empty for Exists and DoesNotExist.")
          List<@Size(max = 63) String> values) {
    public Requirement {
      values = values == null ? List.of() : List.copyOf(values);
    }
  }
}
