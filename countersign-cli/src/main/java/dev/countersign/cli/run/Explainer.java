package dev.countersign.cli.run;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.policy.Action;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.PolicyApplicability;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.Reason;
import dev.countersign.policy.RequestFacts;
import dev.countersign.policy.RequestValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Every policy and rule considered for one request, with why it did or did not apply, in the core's
 * own words: {@link RequestValidator} for a malformed request, {@link PolicyApplicability} for each
 * policy (every one, not only the 20 a decision lists), and what each governing policy said in the
 * decision.
 */
public final class Explainer {
  private static final RequestValidator VALIDATOR =
      new RequestValidator(CaseRunner.OPERATOR_DEFAULTS);

  private Explainer() {}

  public static List<String> explain(RequestFacts facts, PolicyIndex index, Decision decision) {
    List<String> lines = new ArrayList<>();
    List<Reason> problems = VALIDATOR.problems(facts);
    if (!problems.isEmpty()) {
      lines.add("the request is denied before any policy is considered:");
      problems.forEach(p -> lines.add("  " + p.code() + ": " + p.message()));
      return lines;
    }
    Action action = Action.of(facts.spec().action()).orElseThrow();
    if (index.all().isEmpty()) {
      lines.add("no AgentPolicy is loaded");
    }
    for (IndexedPolicy policy : index.all()) {
      PolicyApplicability assessed = PolicyApplicability.assess(policy, facts, action);
      if (!assessed.applies()) {
        lines.add("policy " + policy.name() + ": does not apply: " + assessed.whyNot().orElse(""));
        continue;
      }
      String said =
          decision.policies().stream()
              .filter(p -> p.name().equals(policy.name()))
              .map(PolicyMatch::outcome)
              .findFirst()
              .orElse("governs the request");
      lines.add(
          "policy "
              + policy.name()
              + ": governs the request"
              + (policy.snapshot().spec().audits() ? " (Audit mode)" : "")
              + ": "
              + said);
      List<PolicyRule> rules = policy.snapshot().spec().rules();
      for (int i = 0; i < rules.size(); i++) {
        PolicyRule rule = rules.get(i);
        if (rule == null) {
          continue;
        }
        String effect = rule.denies() ? PolicyRule.DENY : PolicyRule.ALLOW;
        lines.add(
            "  rules["
                + i
                + "] "
                + effect
                + " "
                + rule.action()
                + ": "
                + (action.wireName().equals(rule.action())
                    ? "applies"
                    : "not for action " + action.wireName()));
      }
    }
    return lines;
  }
}
