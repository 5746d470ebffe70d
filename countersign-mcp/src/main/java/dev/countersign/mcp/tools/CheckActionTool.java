package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.mcp.cluster.ClusterView;
import dev.countersign.mcp.cluster.RequestFiler;
import dev.countersign.policy.PolicyEvaluator;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * check_action: the decision a request would get now, without filing it. The decision is the core's
 * {@link PolicyEvaluator}, the code the operator decides every request with, on the same facts read
 * live from the cluster; a request filed right after can still be decided differently if the
 * cluster changes in between (a budget spent, a freeze begun).
 */
public final class CheckActionTool implements DoorTool {
  private final ClusterView cluster;
  private final PolicyEvaluator evaluator;
  private final Clock clock;
  private final McpSchema.Tool definition;
  private final java.util.Set<String> argumentNames;

  public CheckActionTool(ClusterView cluster, PolicyEvaluator evaluator, Clock clock) {
    this.cluster = cluster;
    this.evaluator = evaluator;
    this.clock = clock;
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "action", Schemas.enumOf("The action to check.", List.of("scale", "restart", "rollback")));
    properties.putAll(ActionArguments.properties(null, false));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put(
        "verdict",
        Schemas.enumOf(
            "What Countersign would decide now.", List.of("Allowed", "NeedsApproval", "Denied")));
    output.put("reasons", Schemas.anyArray("Every reason, in words."));
    output.put("reasonCodes", Schemas.anyArray("Every reason's code (NoPolicy, AboveMax, ...)."));
    output.put("requiredApprovals", Schemas.anyObject("Who must approve, when someone must."));
    output.put("policies", Schemas.anyArray("The policies considered and what each said."));
    output.put("targetExists", Map.of("type", "boolean"));
    this.argumentNames = java.util.Set.copyOf(properties.keySet());
    this.definition =
        McpSchema.Tool.builder()
            .name("check_action")
            .title("What would Countersign decide?")
            .description(
                "The decision Countersign would make now for a scale, restart or rollback you"
                    + " might request, with every reason, decided by the same code the operator"
                    + " uses. Nothing is filed; the decision on a real request can differ if the"
                    + " cluster changes (budgets, cooldowns, freezes)."
                    + Schemas.NOT_AN_APPROVAL)
            .inputSchema(Schemas.object(properties, List.of("action", "namespace", "name")))
            .outputSchema(Schemas.output(output, List.of("verdict", "reasons", "reasonCodes")))
            .annotations(
                new McpSchema.ToolAnnotations("Check an action", true, false, true, false, null))
            .build();
  }

  @Override
  public McpSchema.Tool definition() {
    return definition;
  }

  @Override
  public ToolOutput call(ToolCall call) {
    Arguments args = new Arguments("check_action", call.arguments(), argumentNames);
    String action = args.oneOf("action", List.of("scale", "restart", "rollback"), null);
    String namespace = args.namespace("namespace", true);
    var spec = RequestFiler.onBehalfOf(call.caller(), ActionArguments.spec(action, args, false));
    var inputs = cluster.decisionInputs(namespace, spec);
    var facts = inputs.facts();
    Decision decision = evaluator.evaluate(facts, inputs.policies(), clock.instant());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verdict", decision.verdict().name());
    out.put("reasons", decision.reasons());
    out.put("reasonCodes", decision.reasonCodes());
    if (decision.requiredApprovals() != null) {
      var required = decision.requiredApprovals();
      out.put(
          "requiredApprovals",
          Map.of(
              "minApprovals", required.minApprovals(),
              "users", required.users(),
              "groups", required.groups()));
    }
    out.put(
        "policies",
        decision.policies().stream()
            .map(
                p -> {
                  Map<String, Object> one = new LinkedHashMap<>();
                  one.put("name", p.name());
                  if (p.effect() != null) {
                    one.put("effect", p.effect());
                  }
                  one.put("outcome", p.outcome());
                  return one;
                })
            .toList());
    out.put("targetExists", facts.target().exists());
    String text =
        "If filed now, "
            + action
            + " on "
            + spec.target().kind()
            + " "
            + namespace
            + "/"
            + spec.target().name()
            + " would be "
            + decision.verdict()
            + ": "
            + String.join("; ", decision.reasons())
            + " (nothing was filed)";
    return new ToolOutput(out, text, null, false);
  }
}
