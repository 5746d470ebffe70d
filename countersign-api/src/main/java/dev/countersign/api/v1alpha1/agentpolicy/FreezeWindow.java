package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A recurring change freeze: it starts at every time the cron schedule names (in the time zone) and
 * lasts the duration (elapsed time). Nothing this policy governs is decided or executed inside it.
 */
@JsonClassDescription(
    "A recurring change freeze: from each time the cron schedule names, in the time zone, for the duration. Nothing the policy governs is decided or executed inside it.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FreezeWindow(
    @Required
        @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
        @Size(max = 63)
        @JsonPropertyDescription("A name for messages, e.g. weekend or black-friday.")
        String name,
    @Required
        @Size(min = 1, max = 128)
        @JsonPropertyDescription(
            "When the freeze starts, as a 5-field cron expression (minute hour day-of-month"
                + " month day-of-week) with *, ranges, lists, steps and JAN-DEC / SUN-SAT"
                + " names, e.g. \"0 18 * * FRI\".")
        String schedule,
    @Required
        @Pattern(AgentPolicySpec.DURATION_PATTERN)
        @Size(max = 32)
        @JsonPropertyDescription("How long each freeze lasts, e.g. 62h.")
        String duration,
    @Size(max = 64)
        @JsonPropertyDescription(
            "The IANA time zone the schedule is read in, e.g. Europe/Berlin (default UTC).")
        String timeZone) {}
