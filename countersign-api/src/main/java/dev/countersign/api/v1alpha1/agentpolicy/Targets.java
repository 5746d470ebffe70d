package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.countersign.api.v1alpha1.Selector;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The workloads a policy governs. Every given field must match; an empty field matches everything.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "!has(self.kinds) || self.kinds.all(k, k in ['Deployment', 'StatefulSet'])",
    message = "kinds may only be Deployment or StatefulSet")
@ValidationRule(
    value = "!(has(self.names) && size(self.names) > 0 && has(self.selector))",
    message = "give names or a selector, not both")
public record Targets(
    @Size(max = 64)
        @JsonPropertyDescription("Namespaces the workloads must be in; empty means any namespace.")
        List<@Size(max = 63) String> namespaces,
    @JsonPropertyDescription("Labels the workload's namespace must carry.")
        Selector namespaceSelector,
    // Bounded so that the CEL rule over kinds stays far inside the API server's cost budget.
    @Size(max = 2)
        @JsonPropertyDescription("Workload kinds: Deployment, StatefulSet; empty means both.")
        List<@Size(max = 11) String> kinds,
    @Size(max = 64) @JsonPropertyDescription("Workload names; empty means any name.")
        List<@Size(max = 253) String> names,
    @JsonPropertyDescription("Labels the workload itself must carry.") Selector selector) {

  public Targets {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
    names = names == null ? List.of() : List.copyOf(names);
  }
}
