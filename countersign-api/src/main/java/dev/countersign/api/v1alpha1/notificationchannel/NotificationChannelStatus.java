package dev.countersign.api.v1alpha1.notificationchannel;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.countersign.api.v1alpha1.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Whether the channel can deliver. */
@JsonClassDescription(
    "Written by Countersign only: whether the channel can deliver (the Ready condition, with the reason when it cannot).")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NotificationChannelStatus(
    @JsonPropertyDescription(
            "Ready=True when the Secret and URL are usable and the last delivery (if any)"
                + " succeeded; Ready=False with reason SecretMissing, BadUrl, InsecureUrl,"
                + " UnknownType or DeliveryFailing, and a message saying exactly what is wrong.")
        @SchemaFrom(type = ConditionSchema[].class)
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration) {

  public NotificationChannelStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
