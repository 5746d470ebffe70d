package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.countersign.api.v1alpha1.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Whether the policy is valid and in force. */
@JsonClassDescription(
    "Written by Countersign only: whether the policy is valid and in force (the Ready condition).")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AgentPolicyStatus(
    @JsonPropertyDescription(
            "Ready=True when the policy is valid and in force; Ready=False, with the reason,"
                + " when it is invalid and therefore allows nothing.")
        @SchemaFrom(type = ConditionSchema[].class)
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration) {

  public AgentPolicyStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
