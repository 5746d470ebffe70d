package dev.countersign.cli.run;

import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.PolicyIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules the cases exercised. A rule is exercised when a case's request is one it governs (the
 * core's decision names its policy as governing the request, and the rule is for the request's
 * action); an invalid policy's rules count as exercised when a case expects the policy to be
 * invalid. Rules are keyed by policy name and position, {@code rules[i]}.
 */
public final class Coverage {
  private final Set<String> exercised = new HashSet<>();
  private final List<Rule> all = new ArrayList<>();

  /**
   * A rule.
   *
   * @param file the file its policy is in
   * @param policy its policy's name
   * @param index its position in the policy's rules
   * @param action its action
   * @param effect Allow or Deny
   */
  public record Rule(Path file, String policy, int index, String action, String effect) {
    String key() {
      return policy + "#" + index;
    }

    @Override
    public String toString() {
      return policy + " rules[" + index + "] (" + effect + " " + action + ") in " + file;
    }
  }

  /** Adds every rule of the suite's policies (a policy loaded by several suites is added once). */
  public void addPolicies(PolicyIndex index, Map<String, Path> sources) {
    Set<String> known = new HashSet<>();
    all.forEach(r -> known.add(r.key()));
    for (IndexedPolicy policy : index.all()) {
      List<PolicyRule> rules = policy.snapshot().spec().rules();
      for (int i = 0; i < rules.size(); i++) {
        PolicyRule rule = rules.get(i);
        if (rule == null) {
          continue;
        }
        Rule r =
            new Rule(
                sources.get(policy.name()),
                policy.name(),
                i,
                rule.action(),
                rule.denies() ? PolicyRule.DENY : PolicyRule.ALLOW);
        if (!known.contains(r.key())) {
          all.add(r);
        }
      }
    }
  }

  /**
   * Marks the rules through which the governing policies (as the decision names them) govern a
   * request for {@code action}: each of their rules for that action.
   */
  public void exercise(List<String> governing, String action, PolicyIndex index) {
    for (String name : governing) {
      index
          .named(name)
          .ifPresent(
              policy -> {
                List<PolicyRule> rules = policy.snapshot().spec().rules();
                for (int i = 0; i < rules.size(); i++) {
                  if (rules.get(i) != null && action.equals(rules.get(i).action())) {
                    exercised.add(name + "#" + i);
                  }
                }
              });
    }
  }

  /** Marks every rule of an invalid policy that a case expects to be invalid. */
  public void exerciseInvalid(String policy) {
    all.stream().filter(r -> r.policy().equals(policy)).forEach(r -> exercised.add(r.key()));
  }

  /** Every rule no case exercised, in file order. */
  public List<Rule> unexercised() {
    return all.stream().filter(r -> !exercised.contains(r.key())).toList();
  }

  /** How many rules there are. */
  public int total() {
    return all.size();
  }
}
