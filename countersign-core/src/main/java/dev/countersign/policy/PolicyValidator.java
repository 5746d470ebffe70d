package dev.countersign.policy;

import dev.countersign.api.v1alpha1.Selector;
import dev.countersign.api.v1alpha1.Selector.Requirement;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.api.v1alpha1.agentpolicy.ScaleLimits;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects.ServiceAccountRef;
import dev.countersign.api.v1alpha1.agentpolicy.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what is wrong with an AgentPolicy spec. An invalid policy allows nothing: the evaluator
 * skips it, and its status says {@code Ready=False} with these problems. Each problem names the
 * field it is about, e.g. {@code rules[0].scale: minReplicas 5 is greater than maxReplicas 3}.
 */
public final class PolicyValidator {
  /** The most approvals a rule may ask for, as the schema says. */
  static final int MAX_APPROVALS = 10;

  private PolicyValidator() {}

  /** Every problem with the spec, in words; empty when it is valid. */
  public static List<String> problems(AgentPolicySpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    checkSubjects(spec.subjects(), problems);
    checkTargets(spec.targets(), problems);
    checkRules(spec.rules(), problems);
    checkRequestTtl(spec.requestTTL(), problems);
    GuardrailsValidator.checkPolicy(spec, problems);
    return problems;
  }

  private static void checkSubjects(Subjects subjects, List<String> problems) {
    if (subjects == null
        || (subjects.serviceAccounts().isEmpty()
            && subjects.users().isEmpty()
            && subjects.groups().isEmpty())) {
      problems.add("subjects: name at least one service account, user or group");
      return;
    }
    for (int i = 0; i < subjects.serviceAccounts().size(); i++) {
      ServiceAccountRef sa = subjects.serviceAccounts().get(i);
      if (sa == null || blank(sa.namespace()) || blank(sa.name())) {
        problems.add("subjects.serviceAccounts[" + i + "]: namespace and name are both required");
      }
    }
  }

  private static void checkTargets(Targets targets, List<String> problems) {
    if (targets == null) {
      problems.add("targets: missing; give {} to govern every workload");
      return;
    }
    for (int i = 0; i < targets.kinds().size(); i++) {
      String kind = targets.kinds().get(i);
      if (WorkloadKind.of(kind).isEmpty()) {
        problems.add("targets.kinds[" + i + "]: " + WorkloadKind.unsupported(kind));
      }
    }
    if (!targets.names().isEmpty() && targets.selector() != null) {
      problems.add("targets: give names or a selector, not both");
    }
    checkSelector("targets.namespaceSelector", targets.namespaceSelector(), problems);
    checkSelector("targets.selector", targets.selector(), problems);
  }

  private static void checkSelector(String path, Selector selector, List<String> problems) {
    if (selector == null) {
      return;
    }
    for (int i = 0; i < selector.matchExpressions().size(); i++) {
      String at = path + ".matchExpressions[" + i + "]: ";
      Requirement requirement = selector.matchExpressions().get(i);
      if (requirement == null) {
        problems.add(at + "is empty");
        continue;
      }
      if (blank(requirement.key())) {
        problems.add(at + "key is missing");
      }
      String operator = requirement.operator();
      if (operator == null) {
        problems.add(at + "operator is missing; use In, NotIn, Exists or DoesNotExist");
        continue;
      }
      switch (operator) {
        case "In", "NotIn" -> {
          if (requirement.values().isEmpty()) {
            problems.add(at + "operator " + operator + " needs at least one value");
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!requirement.values().isEmpty()) {
            problems.add(at + "operator " + operator + " takes no values");
          }
        }
        default ->
            problems.add(
                at + "operator \"" + operator + "\" is not In, NotIn, Exists or DoesNotExist");
      }
    }
  }

  private static void checkRules(List<PolicyRule> rules, List<String> problems) {
    if (rules.isEmpty()) {
      problems.add("rules: name at least one rule");
      return;
    }
    for (int i = 0; i < rules.size(); i++) {
      String at = "rules[" + i + "]";
      PolicyRule rule = rules.get(i);
      if (rule == null) {
        problems.add(at + ": is empty");
        continue;
      }
      Optional<Action> action = Action.of(rule.action());
      if (action.isEmpty()) {
        problems.add(at + ": " + Action.unsupported(rule.action()));
      }
      if (rule.effect() != null
          && !PolicyRule.ALLOW.equals(rule.effect())
          && !PolicyRule.DENY.equals(rule.effect())) {
        problems.add(at + ": effect \"" + rule.effect() + "\" is not Allow or Deny");
      }
      if (rule.scale() != null) {
        if (action.isPresent() && action.get() != Action.SCALE) {
          problems.add(at + ".scale: scale limits belong to a rule for action scale");
        }
        checkScale(at + ".scale: ", rule.scale(), problems);
      }
      if (rule.approval() != null) {
        if (rule.denies()) {
          problems.add(at + ".approval: a Deny rule takes no approval requirement");
        }
        checkApproval(at + ".approval: ", rule.approval(), problems);
      }
      GuardrailsValidator.checkRule(at, rule, action, problems);
    }
  }

  private static void checkScale(String at, ScaleLimits scale, List<String> problems) {
    Integer min = scale.minReplicas();
    Integer max = scale.maxReplicas();
    if (min != null && min < 0) {
      problems.add(at + "minReplicas " + min + " is negative");
    }
    if (max != null && max < 0) {
      problems.add(at + "maxReplicas " + max + " is negative");
    }
    if (min != null && max != null && min > max) {
      problems.add(at + "minReplicas " + min + " is greater than maxReplicas " + max);
    }
  }

  private static void checkApproval(
      String at, ApprovalRequirement approval, List<String> problems) {
    Integer min = approval.minApprovals();
    if (min != null && min < 1) {
      problems.add(at + "minApprovals " + min + " must be at least 1");
    } else if (min != null && min > MAX_APPROVALS) {
      problems.add(at + "minApprovals " + min + " is more than " + MAX_APPROVALS);
    }
    if (!approval.requiresApproval()) {
      return;
    }
    List<String> users = approval.approvers() == null ? List.of() : approval.approvers().users();
    List<String> groups = approval.approvers() == null ? List.of() : approval.approvers().groups();
    if (users.isEmpty() && groups.isEmpty()) {
      problems.add(at + "approval is required but no approver user or group is named");
    } else if (groups.isEmpty() && min != null && min > users.size()) {
      problems.add(
          at
              + "minApprovals "
              + min
              + " can never be met by the "
              + users.size()
              + " approver users named "
              + users);
    }
  }

  private static void checkRequestTtl(String ttl, List<String> problems) {
    if (ttl == null) {
      return;
    }
    Optional<Duration> parsed = GoDuration.parse(ttl);
    if (parsed.isEmpty()) {
      problems.add("requestTTL \"" + ttl + "\" is not a duration such as 30m or 4h");
    } else if (parsed.get().isZero()) {
      problems.add("requestTTL \"" + ttl + "\" must be longer than zero");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
