package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * One notification of this request to one channel: an event (AwaitingApproval, or an outcome phase)
 * and how its delivery went. Delivered at least once; {@code id} is stable for the (request uid,
 * event, channel) triple, so receivers de-duplicate on it.
 */
@JsonClassDescription(
    "One notification about this request to one NotificationChannel: which event, its stable id (the webhook-id receivers de-duplicate on), how many attempts, the last error, and when it was delivered or given up.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationRecord(
    @Size(max = 253) @JsonPropertyDescription("The NotificationChannel's name.") String channel,
    @Pattern("^(AwaitingApproval|Denied|Succeeded|Failed|Expired|Rejected)$")
        @Size(max = 16)
        @JsonPropertyDescription(
            "AwaitingApproval (approvers are told the request waits for them) or the outcome"
                + " phase: Denied, Succeeded, Failed, Expired or Rejected.")
        String event,
    @Size(max = 64)
        @JsonPropertyDescription(
            "The stable id of (request uid, event, channel), sent as webhook-id: a receiver"
                + " that sees it twice has seen the same notification twice.")
        String id,
    @Pattern("^(Pending|Sent|Failed)$")
        @Size(max = 7)
        @JsonPropertyDescription(
            "Pending (being delivered or retried), Sent (the channel answered 2xx) or Failed"
                + " (the attempts ran out; a NotificationFailed Event says why).")
        String state,
    @Min(0) @Max(1000) @JsonPropertyDescription("Delivery attempts so far.") Integer attempts,
    @Size(max = 512)
        @JsonPropertyDescription("Why the last attempt failed (no secrets, no stack traces).")
        String lastError,
    @Size(max = 64) @JsonPropertyDescription("When the last attempt was made (RFC 3339).")
        String lastAttemptAt,
    @Size(max = 64) @JsonPropertyDescription("When the channel accepted it (RFC 3339).")
        String sentAt) {

  public static final String PENDING = "Pending";
  public static final String SENT = "Sent";
  public static final String FAILED = "Failed";

  /** Whether nothing more will be attempted: sent, or given up. */
  public boolean settled() {
    return SENT.equals(state) || FAILED.equals(state);
  }
}
