package dev.countersign.api.v1alpha1.approval;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Who approves or rejects which request. {@code decision} is a plain string in Java (the schema
 * restricts it) so that a malformed Approval reaches the operator and is reported, not dropped.
 */
@JsonClassDescription(
    "Which request (name and uid), the hash of the spec the approver saw, the decision, who decides (it must be the identity that creates the Approval) and why.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable")
public record ApprovalSpec(
    @Required @JsonPropertyDescription("The ActionRequest this approval is for.")
        RequestRef request,
    @Required
        @Pattern("^[0-9a-f]{64}$")
        @JsonPropertyDescription(
            "SHA-256 (hex) of the canonical JSON of the request spec the approver saw; the"
                + " approval does not count if the request's spec hashes differently.")
        String specHash,
    @Required @Pattern("^(Approve|Reject)$") @JsonPropertyDescription("Approve or Reject.")
        String decision,
    @Required
        @Size(min = 1, max = 253)
        @JsonPropertyDescription(
            "The approving user. Admission requires it to equal the authenticated user who"
                + " creates the Approval.")
        String approver,
    @Size(max = 32)
        @JsonPropertyDescription(
            "Groups the approver claims, to qualify through a policy's approver groups."
                + " Admission requires each to be among the creating user's groups.")
        List<@Size(max = 253) String> groups,
    @Size(max = ApprovalSpec.MAX_REASON_LENGTH)
        @JsonPropertyDescription("Why the approver decided so.")
        String reason) {

  /** The longest reason an Approval may give; the operator re-checks what the schema bounds. */
  public static final int MAX_REASON_LENGTH = 1024;

  public static final String APPROVE = "Approve";
  public static final String REJECT = "Reject";

  public ApprovalSpec {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** The request an approval names: both name and uid, so a re-created request is not approved. */
  public record RequestRef(
      @Required @Size(min = 1, max = 253) @JsonPropertyDescription("Name of the ActionRequest.")
          String name,
      @Required
          @Size(min = 1, max = 64)
          @JsonPropertyDescription(
              "metadata.uid of the ActionRequest; a request re-created under the same name has"
                  + " another uid and this approval does not count for it.")
          String uid) {}
}
