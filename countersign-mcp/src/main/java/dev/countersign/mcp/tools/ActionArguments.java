package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.RollbackParameters;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.ScaleParameters;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.TargetRef;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import dev.countersign.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments that describe one action (target, parameters, reasoning), shared by the request
 * tools and check_action, read into the spec an ActionRequest would carry.
 */
final class ActionArguments {
  static final List<String> KINDS = List.of(Workload.DEPLOYMENT, Workload.STATEFUL_SET);
  private static final Set<String> REASONING_KEYS =
      Set.of("summary", "evidence", "alternatives", "confidence", "plan");

  private ActionArguments() {}

  /** The input properties for an action: target, the action's parameters, reasoning. */
  static Map<String, Object> properties(String action, boolean reasoningRequired) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "namespace", Schemas.namespace("The namespace of the workload (and of the request)."));
    properties.put("kind", Schemas.enumOf("The workload's kind; Deployment unless said.", KINDS));
    properties.put("name", Schemas.string("The workload's name.", 253));
    if (action == null || action.equals("scale")) {
      properties.put(
          "replicas", Schemas.integer("For scale: the replica count wanted.", 0, 100000));
    }
    if (action == null || action.equals("rollback")) {
      properties.put(
          "toRevision",
          Schemas.integer(
              "For rollback: the revision to go back to (kubectl rollout history numbers);"
                  + " the previous one unless said.",
              1,
              Long.MAX_VALUE));
    }
    Map<String, Object> reasoning = Schemas.reasoning();
    if (!reasoningRequired) {
      reasoning = new LinkedHashMap<>(reasoning);
      reasoning.put("description", "Optional here; the request tools require it.");
    }
    properties.put("reasoning", reasoning);
    return properties;
  }

  static ActionRequestSpec spec(String action, Arguments args, boolean reasoningRequired) {
    String kind = args.oneOf("kind", KINDS, Workload.DEPLOYMENT);
    String name = args.objectName("name");
    ScaleParameters scale = null;
    RollbackParameters rollback = null;
    if (action.equals("scale")) {
      scale = new ScaleParameters((int) args.requiredInteger("replicas", 0, 100000));
    } else if (action.equals("rollback")) {
      Long to = args.optionalInteger("toRevision", 1, Long.MAX_VALUE);
      rollback = to == null ? null : new RollbackParameters(to);
    }
    Arguments given = args.object("reasoning", REASONING_KEYS, reasoningRequired);
    Reasoning reasoning =
        given == null
            ? new Reasoning("check_action: what would the decision be now?", null, null, null, null)
            : new Reasoning(
                given.requiredString("summary", 1024),
                given.optionalStrings("evidence", 20, Reasoning.MAX_ENTRY_LENGTH),
                given.optionalStrings("alternatives", 10, Reasoning.MAX_ENTRY_LENGTH),
                given.optionalNumber("confidence", 0, 1),
                given.optionalString("plan", 2048));
    return new ActionRequestSpec(
        null, List.of(), action, new TargetRef(kind, name), scale, rollback, null, reasoning);
  }
}
