package dev.countersign.cli.run;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.cli.testfile.Suite.GivenApproval;
import dev.countersign.cli.testfile.Verdict;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.Limits;
import dev.countersign.policy.PolicyEvaluator;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.RequestFacts;
import dev.countersign.quorum.ApprovalTtl;
import dev.countersign.quorum.Ballot;
import dev.countersign.quorum.Quorum;
import dev.countersign.quorum.SeparationOfDuties;
import dev.countersign.quorum.SpecHash;
import dev.countersign.quorum.Tally;
import dev.countersign.quorum.Terms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides one request with the operator's own code: {@link PolicyEvaluator} with the operator's
 * default limits, then, for a request that needs approvals, {@link Quorum} with the terms the
 * operator's approval step counts under. The verdict is the phase the operator would write.
 */
public final class CaseRunner {
  /**
   * The operator's defaults ({@code countersign.max-replicas}, {@code countersign.request-ttl}).
   */
  public static final Limits OPERATOR_DEFAULTS = new Limits(1000, Duration.ofHours(1));

  /** The operator's own user name outside a pod (its approvals never count). */
  static final String OPERATOR_USERNAME = "system:serviceaccount:countersign-system:countersign";

  /** The uid the case's request and its approvals share. */
  static final String REQUEST_UID = "00000000-0000-0000-0000-000000000000";

  private final PolicyEvaluator evaluator = new PolicyEvaluator(OPERATOR_DEFAULTS);

  public Outcome run(
      RequestFacts facts, PolicyIndex index, Instant now, List<GivenApproval> approvals) {
    Decision decision = evaluator.evaluate(facts, index, now);
    List<String> governing =
        decision.policies().stream()
            .filter(p -> p.effect() != null)
            .map(PolicyMatch::name)
            .toList();
    ActionRequestSpec spec = facts.spec();
    if (spec.dryRunOnly() || decision.audit()) {
      return new Outcome(Verdict.Evaluated, decision, Optional.empty(), governing);
    }
    return switch (decision.verdict()) {
      case Denied -> new Outcome(Verdict.Denied, decision, Optional.empty(), governing);
      case Allowed -> new Outcome(Verdict.Allowed, decision, Optional.empty(), governing);
      case NeedsApproval -> {
        if (approvals.isEmpty()) {
          yield new Outcome(Verdict.NeedsApproval, decision, Optional.empty(), governing);
        }
        Tally tally = count(decision, spec, index, now, approvals);
        Verdict verdict =
            tally.rejection().isPresent()
                ? Verdict.Rejected
                : tally.met() ? Verdict.Approved : Verdict.NeedsApproval;
        yield new Outcome(verdict, decision, Optional.of(tally), governing);
      }
    };
  }

  /** As the operator's approval step counts: against the policies that allowed the request. */
  private static Tally count(
      Decision decision,
      ActionRequestSpec spec,
      PolicyIndex index,
      Instant now,
      List<GivenApproval> approvals) {
    Map<String, Subjects> subjects = new LinkedHashMap<>();
    List<AgentPolicySpec> allowing = new ArrayList<>();
    for (PolicyMatch match : decision.policies()) {
      if (!"Allow".equals(match.effect())) {
        continue;
      }
      index
          .named(match.name())
          .map(IndexedPolicy::snapshot)
          .ifPresent(
              p -> {
                subjects.put(p.name(), p.spec().subjects());
                allowing.add(p.spec());
              });
    }
    Terms terms =
        new Terms(
            decision.requiredApprovals(),
            spec.requester(),
            REQUEST_UID,
            SpecHash.of(spec),
            new SeparationOfDuties(OPERATOR_USERNAME, subjects),
            ApprovalTtl.strictest(allowing, spec.action()),
            now);
    List<Ballot> ballots = new ArrayList<>();
    for (int i = 0; i < approvals.size(); i++) {
      GivenApproval a = approvals.get(i);
      ballots.add(
          new Ballot(
              "approval-" + i,
              "request",
              REQUEST_UID,
              terms.specHash(),
              a.decision(),
              a.approver(),
              a.groups(),
              a.reason(),
              a.at() == null ? now : a.at(),
              false));
    }
    return Quorum.count(terms, ballots);
  }
}
