package dev.countersign.policy;

import dev.countersign.api.v1alpha1.Selector;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import dev.countersign.api.v1alpha1.agentpolicy.AutoApproveCondition;
import dev.countersign.api.v1alpha1.agentpolicy.Budget;
import dev.countersign.api.v1alpha1.agentpolicy.FreezeWindow;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.api.v1alpha1.agentpolicy.RollbackLimits;
import dev.countersign.api.v1alpha1.agentpolicy.ScaleLimits;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects.ServiceAccountRef;
import dev.countersign.api.v1alpha1.agentpolicy.Targets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixtures for AgentPolicies. By default a policy governs the agent {@link Requests#AGENT}
 * (service account shop/agent) on every workload, with one rule for its action: {@code
 * Policies.allowScale("web-scaling").maxReplicas(10).build()}.
 */
public final class Policies {
  private Policies() {}

  /** A policy with one Allow rule for scale. */
  public static Builder allowScale(String name) {
    return allow(name, "scale");
  }

  /** A policy with one Allow rule for the action. */
  public static Builder allow(String name, String action) {
    return new Builder(name, action, PolicyRule.ALLOW);
  }

  /** A policy with one Deny rule for the action. */
  public static Builder deny(String name, String action) {
    return new Builder(name, action, PolicyRule.DENY);
  }

  /** An approval requirement naming these users. */
  public static ApprovalRequirement approvalBy(
      Integer minApprovals, List<String> users, List<String> groups) {
    return new ApprovalRequirement(
        true, minApprovals, new ApprovalRequirement.Approvers(users, groups));
  }

  /** A required approval by these users, waived for scale steps within these bounds. */
  public static ApprovalRequirement approvalUnless(
      String maxStepUp, String maxStepDown, String... users) {
    return new ApprovalRequirement(
        true,
        null,
        new ApprovalRequirement.Approvers(List.of(users), List.of()),
        new AutoApproveCondition(maxStepUp, maxStepDown),
        null);
  }

  /** A selector with these matchLabels and requirements. */
  public static Selector selector(
      java.util.Map<String, String> labels, Selector.Requirement... expressions) {
    return new Selector(labels, List.of(expressions));
  }

  /** A selector requirement. */
  public static Selector.Requirement requirement(String key, String operator, String... values) {
    return new Selector.Requirement(key, operator, List.of(values));
  }

  /** Builds one policy; every setter returns the builder. */
  public static final class Builder {
    private final String name;
    private final String action;
    private final String effect;
    private long generation = 1;
    private List<ServiceAccountRef> serviceAccounts =
        List.of(new ServiceAccountRef(Requests.NAMESPACE, "agent"));
    private List<String> users = List.of();
    private List<String> groups = List.of();
    private List<String> namespaces = List.of();
    private Selector namespaceSelector;
    private List<String> kinds = List.of();
    private List<String> names = List.of();
    private Selector selector;
    private Integer minReplicas;
    private Integer maxReplicas;
    private ApprovalRequirement approval;
    private final List<PolicyRule> extraRules = new ArrayList<>();
    private boolean mainRule = true;
    private String requestTtl;
    private String maxStepUp;
    private String maxStepDown;
    private RollbackLimits rollbackLimits;
    private Budget budget;
    private String cooldown;
    private final List<FreezeWindow> freezeWindows = new ArrayList<>();
    private String mode;

    private Builder(String name, String action, String effect) {
      this.name = name;
      this.action = action;
      this.effect = effect;
    }

    public Builder generation(long generation) {
      this.generation = generation;
      return this;
    }

    /** Replaces the subjects with these service accounts ("ns/name"). */
    public Builder serviceAccounts(String... namespacedNames) {
      this.serviceAccounts =
          java.util.Arrays.stream(namespacedNames)
              .map(n -> n.split("/", 2))
              .map(p -> new ServiceAccountRef(p[0], p[1]))
              .toList();
      return this;
    }

    /** Replaces the subjects with these users. */
    public Builder users(String... users) {
      this.serviceAccounts = List.of();
      this.users = List.of(users);
      return this;
    }

    /** Replaces the subjects with these groups. */
    public Builder groups(String... groups) {
      this.serviceAccounts = List.of();
      this.groups = List.of(groups);
      return this;
    }

    public Builder noSubjects() {
      this.serviceAccounts = List.of();
      this.users = List.of();
      this.groups = List.of();
      return this;
    }

    public Builder namespaces(String... namespaces) {
      this.namespaces = List.of(namespaces);
      return this;
    }

    public Builder namespaceSelector(Selector selector) {
      this.namespaceSelector = selector;
      return this;
    }

    public Builder kinds(String... kinds) {
      this.kinds = List.of(kinds);
      return this;
    }

    public Builder names(String... names) {
      this.names = List.of(names);
      return this;
    }

    public Builder selector(Selector selector) {
      this.selector = selector;
      return this;
    }

    public Builder minReplicas(Integer minReplicas) {
      this.minReplicas = minReplicas;
      return this;
    }

    public Builder maxReplicas(Integer maxReplicas) {
      this.maxReplicas = maxReplicas;
      return this;
    }

    /** The main rule requires one approval from any of these users. */
    public Builder approvedBy(String... users) {
      return approval(approvalBy(null, List.of(users), List.of()));
    }

    public Builder approval(ApprovalRequirement approval) {
      this.approval = approval;
      return this;
    }

    /** Adds a rule besides the main one. */
    public Builder rule(PolicyRule rule) {
      this.extraRules.add(rule);
      return this;
    }

    /** Drops the main rule (keeping those added with {@link #rule}). */
    public Builder withoutMainRule() {
      this.mainRule = false;
      return this;
    }

    public Builder requestTtl(String requestTtl) {
      this.requestTtl = requestTtl;
      return this;
    }

    public Builder maxStepUp(String value) {
      this.maxStepUp = value;
      return this;
    }

    public Builder maxStepDown(String value) {
      this.maxStepDown = value;
      return this;
    }

    public Builder maxRevisionsBack(Integer value) {
      this.rollbackLimits = new RollbackLimits(value);
      return this;
    }

    public Builder budget(String window, Integer perAgent, Integer perTarget) {
      this.budget = new Budget(window, perAgent, perTarget);
      return this;
    }

    public Builder cooldown(String value) {
      this.cooldown = value;
      return this;
    }

    public Builder freeze(String name, String schedule, String duration, String timeZone) {
      this.freezeWindows.add(new FreezeWindow(name, schedule, duration, timeZone));
      return this;
    }

    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    public AgentPolicySpec spec() {
      List<PolicyRule> rules = new ArrayList<>();
      if (mainRule) {
        ScaleLimits scale =
            minReplicas == null && maxReplicas == null && maxStepUp == null && maxStepDown == null
                ? null
                : new ScaleLimits(minReplicas, maxReplicas, maxStepUp, maxStepDown);
        rules.add(new PolicyRule(action, effect, scale, approval, rollbackLimits));
      }
      rules.addAll(extraRules);
      return new AgentPolicySpec(
          new Subjects(serviceAccounts, users, groups),
          new Targets(namespaces, namespaceSelector, kinds, names, selector),
          rules,
          requestTtl,
          budget,
          cooldown,
          freezeWindows,
          mode);
    }

    public PolicySnapshot build() {
      return new PolicySnapshot(name, generation, spec());
    }
  }
}
