package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One Approval as the operator saw it, and whether it counted toward the quorum. */
@JsonClassDescription(
    "One Approval as Countersign saw it: who, when, which decision, and whether it counted (if not, why).")
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
        String reason,
    @JsonPropertyDescription(
            "The groups the Approval claimed for its approver (the admission policy checks them"
                + " against the requesting user); absent when it claimed none.")
        List<String> groups) {

  public ApprovalRecord {
    groups = groups == null || groups.isEmpty() ? null : List.copyOf(groups);
  }

  /** A record of an Approval that claimed no groups. */
  public ApprovalRecord(
      String name, String approver, String decision, String at, boolean counted, String reason) {
    this(name, approver, decision, at, counted, reason, null);
  }

  /** The claimed groups; empty when none. */
  public List<String> claimedGroups() {
    return groups == null ? List.of() : groups;
  }
}
