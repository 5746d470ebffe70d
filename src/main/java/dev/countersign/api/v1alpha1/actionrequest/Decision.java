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
            "Every policy considered, with the generation that was read and why it did or did"
                + " not apply: the governing ones first, then the others, up to a bound (see"
                + " policiesNotListed).")
        List<PolicyMatch> policies,
    @JsonPropertyDescription("Who must approve before execution; absent when nobody must.")
        RequiredApprovals requiredApprovals,
    @JsonPropertyDescription("When the request expires if it is not approved (RFC 3339).")
        String expiresAt,
    @JsonPropertyDescription("When the decision was made (RFC 3339).") String decidedAt,
    @JsonPropertyDescription(
            "How many AgentPolicies were left out of policies to keep the status small; none of"
                + " them governs the request.")
        Integer policiesNotListed,
    @JsonPropertyDescription(
            "Audit when a governing policy is in Audit mode: the verdict is what would have"
                + " happened, and nothing is executed.")
        String mode) {

  /** Most policies listed in {@link #policies()} and in the explanation. */
  public static final int MAX_LISTED_POLICIES = 20;

  public Decision {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** A decision that lists every policy it considered and is not an audit. */
  public Decision(
      Verdict verdict,
      List<String> reasons,
      List<PolicyMatch> policies,
      RequiredApprovals requiredApprovals,
      String expiresAt,
      String decidedAt) {
    this(verdict, reasons, policies, requiredApprovals, expiresAt, decidedAt, null, null);
  }

  /** Whether a governing policy is in Audit mode, so that nothing executes. */
  public boolean audit() {
    return "Audit".equals(mode);
  }

  /**
   * The decision in words, as written to the {@code countersign.dev/decision} annotation, the
   * decision Event and the status message: the verdict, every reason, then every policy listed with
   * its generation and why it did or did not apply, and how many were left out.
   */
  public String explanation() {
    StringBuilder text = new StringBuilder();
    if (audit()) {
      text.append("Audit (would be ").append(verdict).append("): ");
    } else {
      text.append(verdict).append(": ");
    }
    text.append(String.join("; ", reasons));
    if (!policies.isEmpty()) {
      text.append(" | policies considered: ");
      for (int i = 0; i < policies.size(); i++) {
        PolicyMatch p = policies.get(i);
        text.append(i == 0 ? "" : "; ")
            .append(p.name())
            .append(" (generation ")
            .append(p.generation())
            .append("): ")
            .append(p.outcome());
      }
    }
    if (policiesNotListed != null && policiesNotListed > 0) {
      text.append(" | ")
          .append(policiesNotListed)
          .append(policiesNotListed == 1 ? " more policy" : " more policies")
          .append(" not listed (none applies)");
    }
    return text.toString();
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
