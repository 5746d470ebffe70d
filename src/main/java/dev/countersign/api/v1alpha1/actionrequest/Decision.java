package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The outcome of checking a request against every AgentPolicy, explained in words. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Decision(
    @JsonPropertyDescription("Allowed, NeedsApproval or Denied.") Verdict verdict,
    @JsonPropertyDescription(
            "Every reason behind the verdict, in words: which checks failed, which rule denied,"
                + " or why no policy applied.")
        List<String> reasons,
    @JsonPropertyDescription(
            "Every policy that governs the request, the generation that was read, and the rule"
                + " that applied.")
        List<PolicyMatch> policies,
    @JsonPropertyDescription("Who must approve before execution; absent when nobody must.")
        RequiredApprovals requiredApprovals,
    @JsonPropertyDescription("When the request expires if it is not approved (RFC 3339).")
        String expiresAt,
    @JsonPropertyDescription("When the decision was made (RFC 3339).") String decidedAt) {

  public Decision {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** The three possible verdicts. */
  public enum Verdict {
    Allowed,
    NeedsApproval,
    Denied
  }

  /** A policy that governed the request, and what its rule said. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PolicyMatch(
      @JsonPropertyDescription("The AgentPolicy's name.") String name,
      @JsonPropertyDescription("The metadata.generation of the policy that was read.")
          Long generation,
      @JsonPropertyDescription("Allow or Deny, from the rule that applied.") String effect,
      @JsonPropertyDescription("What this policy said about the request, in words.")
          String outcome) {}

  /** The approval requirement that applies: the strictest of every matching rule's. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RequiredApprovals(
      @JsonPropertyDescription("How many distinct people must approve.") int minApprovals,
      @JsonPropertyDescription("User names allowed to approve.") List<String> users,
      @JsonPropertyDescription("Groups whose members are allowed to approve.")
          List<String> groups) {
    public RequiredApprovals {
      users = users == null ? List.of() : List.copyOf(users);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }
}
