package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One channel told about some outcomes of the requests a policy governs. */
@JsonClassDescription(
    "A NotificationChannel (in the operator's namespace) and the outcomes it is told about.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OutcomeNotification(
    @Required @Size(min = 1, max = 253) @JsonPropertyDescription("The NotificationChannel's name.")
        String channel,
    @Required
        @Size(min = 1, max = 5)
        @JsonPropertyDescription(
            "The outcomes it hears: Denied, Succeeded, Failed, Expired and/or Rejected.")
        List<@Pattern("^(Denied|Succeeded|Failed|Expired|Rejected)$") @Size(max = 9) String> on) {

  public OutcomeNotification {
    on = on == null ? List.of() : List.copyOf(on);
  }
}
