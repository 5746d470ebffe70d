package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;
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
            "The reason code of every reason, each once, in the order first given: a stable"
                + " CamelCase name such as NoPolicy, Forbidden, AboveMax, Cooldown or NeedsApproval"
                + " (the README lists them all), for alerts, scripts and tests; reasons holds the"
                + " words. Complete even when reasons is cut short; the first is the main one.")
        List<String> reasonCodes,
    @JsonPropertyDescription(
            "Every policy considered, with the generation that was read and why it did or did"
                + " not apply: the governing ones first, then the others, up to a bound (see"
                + " policiesNotListed).")
        List<PolicyMatch> policies,
    @JsonPropertyDescription("Who must approve before execution; absent when nobody must.")
        RequiredApprovals requiredApprovals,
    @JsonPropertyDescription(
            "When the request expires if it is not approved, or, once approved, if a change"
                + " freeze keeps it from executing until then (RFC 3339).")
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

  /** Longest {@link #explanation()}, so that an Event (1024 characters) carries all of it. */
  public static final int MAX_EXPLANATION = 1000;

  public Decision {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    reasonCodes = reasonCodes == null ? List.of() : List.copyOf(reasonCodes);
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** A decision that lists every policy it considered and is not an audit. */
  public Decision(
      Verdict verdict,
      List<String> reasons,
      List<String> reasonCodes,
      List<PolicyMatch> policies,
      RequiredApprovals requiredApprovals,
      String expiresAt,
      String decidedAt) {
    this(
        verdict,
        reasons,
        reasonCodes,
        policies,
        requiredApprovals,
        expiresAt,
        decidedAt,
        null,
        null);
  }

  /**
   * A denial for these reasons and their codes, decided at {@code now}, before any policy was
   * considered: the one way a denial is built (the decision core's {@code Reason.denial} calls it).
   */
  public static Decision denied(List<String> reasons, List<String> reasonCodes, Instant now) {
    return new Decision(
        Verdict.Denied,
        reasons,
        reasonCodes,
        List.of(),
        null,
        null,
        now == null ? null : now.toString());
  }

  /**
   * This decision overturned at {@code now}: Denied for these reasons and codes, listing the same
   * policies, with no approval requirement, expiry or Audit mode left.
   */
  public Decision overturned(List<String> newReasons, List<String> newCodes, Instant now) {
    return new Decision(
        Verdict.Denied,
        newReasons,
        newCodes,
        policies,
        null,
        null,
        now.toString(),
        policiesNotListed,
        null);
  }

  /** Whether a governing policy is in Audit mode, so that nothing executes. */
  public boolean audit() {
    return "Audit".equals(mode);
  }

  /**
   * The decision in words, as written to the {@code countersign.dev/decision} annotation, the
   * decision Event and the status message: the verdict, the reasons, then every policy listed with
   * its generation and why it did or did not apply. At most {@link #MAX_EXPLANATION} characters (an
   * Event's message holds 1024): what does not fit is counted, never cut mid-sentence.
   */
  public String explanation() {
    StringBuilder text = new StringBuilder();
    text.append(audit() ? "Audit (would be " + verdict + "): " : verdict + ": ");
    int reasonsLeft = reasons.size();
    for (String reason : reasons) {
      String piece = (reasonsLeft == reasons.size() ? "" : "; ") + reason;
      if (text.length() + piece.length() > MAX_EXPLANATION - 120) {
        break;
      }
      text.append(piece);
      reasonsLeft--;
    }
    if (reasonsLeft > 0) {
      text.append(" (and ").append(reasonsLeft).append(" more reasons)");
    }
    int notShown = policiesNotListed == null ? 0 : policiesNotListed;
    boolean first = true;
    for (PolicyMatch p : policies) {
      String piece =
          (first ? " | policies considered: " : "; ")
              + p.name()
              + " (generation "
              + p.generation()
              + "): "
              + p.outcome();
      if (text.length() + piece.length() > MAX_EXPLANATION - 60) {
        notShown++;
        continue;
      }
      text.append(piece);
      first = false;
    }
    if (notShown > 0) {
      text.append(" | ")
          .append(notShown)
          .append(notShown == 1 ? " more policy" : " more policies")
          .append(" not shown");
    }
    return text.toString();
  }

  /**
   * "waiting for 1 more approval from users [alice] or groups [sre], until TIME", once {@code
   * given} approvals count.
   */
  public String waitingFor(int given) {
    int missing = Math.max(0, requiredApprovals.minApprovals() - given);
    return "waiting for "
        + missing
        + " more approval"
        + (missing == 1 ? "" : "s")
        + " from users "
        + requiredApprovals.users()
        + " or groups "
        + requiredApprovals.groups()
        + ", until "
        + expiresAt;
  }

  /** The three possible verdicts. */
  public enum Verdict {
    Allowed,
    NeedsApproval,
    Denied
  }

  /** A policy that governed the request, and what its rule said. */
  @JsonClassDescription(
      "One AgentPolicy considered for the request: the generation read, and whether and why it applied.")
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
