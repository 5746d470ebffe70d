package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.mcp.cluster.ClusterView;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.SubjectMatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * list_allowed_actions: what the caller's AgentPolicies let it do (the valid policies whose
 * subjects name it, matched by the core's {@link SubjectMatcher}): per policy, its targets and
 * rules (action, Allow or Deny, limits, approvals needed), whether a change freeze is on now, and
 * how much of its budget the caller has left.
 */
public final class ListAllowedActionsTool implements DoorTool {
  private final ClusterView cluster;
  private final Clock clock;
  private final KubernetesSerialization json = new KubernetesSerialization();
  private final McpSchema.Tool definition;

  public ListAllowedActionsTool(ClusterView cluster, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "namespace",
        Schemas.namespace("Only policies that can target this namespace; all if absent."));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("identity", Map.of("type", "string"));
    output.put(
        "policies",
        Schemas.anyArray(
            "Each policy that names you: targets, rules (action, effect, limits, approval),"
                + " freeze now, budget left."));
    this.definition =
        McpSchema.Tool.builder()
            .name("list_allowed_actions")
            .title("What may I do?")
            .description(
                "What your AgentPolicies let you ask for: actions, targets, limits, the approvals"
                    + " each needs, change freezes in force and budgets left. Use check_action for"
                    + " the decision on one concrete request."
                    + Schemas.NOT_AN_APPROVAL)
            .inputSchema(Schemas.object(properties, List.of()))
            .outputSchema(Schemas.output(output, List.of("identity", "policies")))
            .annotations(
                new McpSchema.ToolAnnotations(
                    "List allowed actions", true, false, true, false, null))
            .build();
  }

  @Override
  public McpSchema.Tool definition() {
    return definition;
  }

  @Override
  public ToolOutput call(ToolCall call) {
    Arguments args = new Arguments("list_allowed_actions", call.arguments(), Set.of("namespace"));
    String namespace = args.namespace("namespace", false);
    String me = call.caller().username();
    Instant now = clock.instant();
    var read = cluster.policiesAndHistory();
    PolicyIndex index = read.policies();
    var history = read.history();
    List<Map<String, Object>> policies = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (IndexedPolicy policy : index.all()) {
      var spec = policy.snapshot().spec();
      if (!policy.valid()
          || !SubjectMatcher.matches(spec.subjects(), me, call.caller().groups())
          || (namespace != null
              && !spec.targets().namespaces().isEmpty()
              && !spec.targets().namespaces().contains(namespace))) {
        continue;
      }
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("policy", policy.name());
      one.put("mode", spec.mode() == null ? "Enforce" : spec.mode());
      one.put("targets", json.convertValue(spec.targets(), Map.class));
      List<Map<String, Object>> rules = new ArrayList<>();
      for (PolicyRule rule : spec.rules()) {
        rules.add(json.convertValue(rule, Map.class));
        text.append(
            String.format(
                "- %s %s (policy %s)%s%n",
                rule.effect() == null ? PolicyRule.ALLOW : rule.effect(),
                rule.action(),
                policy.name(),
                rule.approval() != null && !Boolean.FALSE.equals(rule.approval().required())
                    ? ", needs approval"
                    : ""));
      }
      one.put("rules", rules);
      policy.activeFreeze(now).ifPresent(f -> one.put("frozenNow", f.describe()));
      if (spec.budget() != null && policy.budgetWindow().isPresent()) {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("window", spec.budget().window());
        Instant since = now.minus(policy.budgetWindow().get());
        long used =
            history.stream()
                .filter(a -> a.allowedBy().contains(policy.name()) && a.requester().equals(me))
                .filter(a -> a.startedAt().isAfter(since))
                .count();
        budget.put("usedByYou", used);
        if (spec.budget().maxActionsPerAgent() != null) {
          budget.put("maxActionsPerAgent", spec.budget().maxActionsPerAgent());
          budget.put("leftForYou", Math.max(0, spec.budget().maxActionsPerAgent() - used));
        }
        if (spec.budget().maxActionsPerTarget() != null) {
          budget.put("maxActionsPerTarget", spec.budget().maxActionsPerTarget());
        }
        one.put("budget", budget);
      }
      if (spec.cooldown() != null) {
        one.put("cooldown", spec.cooldown());
      }
      policies.add(one);
    }
    String summary =
        policies.isEmpty()
            ? "No AgentPolicy names " + me + ": every request would be denied (default deny)."
            : policies.size() + " policy(ies) name " + me + ":\n" + text.toString().strip();
    return new ToolOutput(Map.of("identity", me, "policies", policies), summary, null, false);
  }
}
