package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One Approval as the operator saw it, and whether it counted toward the quorum. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalRecord(
    @JsonPropertyDescription("Name of the Approval object.") String name,
    @JsonPropertyDescription("Who approved or rejected.") String approver,
    @JsonPropertyDescription("Approve or Reject.") String decision,
    @JsonPropertyDescription("When the Approval was created (RFC 3339).") String at,
    @JsonPropertyDescription("Whether it counted toward the quorum (or ended the request).")
        boolean counted,
    @JsonPropertyDescription(
            "The approver's own reason, or, when it did not count, why it was ignored.")
        String reason) {}
