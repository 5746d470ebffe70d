package dev.countersign.mcp.tools;

import dev.countersign.mcp.cluster.RequestFiler;
import dev.countersign.mcp.cluster.RequestView;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * request_scale, request_restart, request_rollback: file one ActionRequest for the caller. The
 * request only asks: Countersign decides it against the policies, humans approve it, the operator
 * executes it.
 */
public final class RequestActionTool implements DoorTool {
  private final String action;
  private final RequestFiler filer;
  private final McpSchema.Tool definition;
  private final java.util.Set<String> argumentNames;

  public RequestActionTool(String action, RequestFiler filer) {
    this.action = action;
    this.filer = filer;
    Map<String, Object> properties = new LinkedHashMap<>(ActionArguments.properties(action, true));
    properties.put(
        "idempotencyKey",
        Schemas.string(
            "Any string unique to this intent (e.g. a UUID): a retried call with the same key"
                + " returns the request already filed instead of filing a second one.",
            128));
    List<String> required =
        action.equals("scale")
            ? List.of("namespace", "name", "replicas", "reasoning")
            : List.of("namespace", "name", "reasoning");
    Map<String, Object> output = new LinkedHashMap<>(Schemas.request());
    @SuppressWarnings("unchecked")
    Map<String, Object> outputProperties =
        new LinkedHashMap<>((Map<String, Object>) output.get("properties"));
    outputProperties.put(
        "replayed",
        Map.of(
            "type",
            "boolean",
            "description",
            "True when an earlier call with the same idempotencyKey filed this request."));
    output.put("properties", outputProperties);
    this.argumentNames = java.util.Set.copyOf(properties.keySet());
    this.definition =
        McpSchema.Tool.builder()
            .name("request_" + action)
            .title("Ask Countersign to " + action + " a workload")
            .description(
                "Files one ActionRequest asking Countersign to "
                    + verb(action)
                    + " a Deployment or StatefulSet. This only asks: the AgentPolicies decide,"
                    + " humans approve when a policy says so, and the Countersign operator makes"
                    + " the change. The answer says the phase (Denied, AwaitingApproval,"
                    + " Approved, ...) and, while approval is needed, the exact kubectl approve"
                    + " line a human runs; follow it with get_request or wait_for_request."
                    + Schemas.NOT_AN_APPROVAL)
            .inputSchema(Schemas.object(properties, required))
            .outputSchema(output)
            .annotations(
                new McpSchema.ToolAnnotations(
                    "Request a " + action, false, false, true, false, null))
            .build();
  }

  private static String verb(String action) {
    return switch (action) {
      case "scale" -> "scale (change the replica count of)";
      case "restart" -> "restart (roll the pods of, as kubectl rollout restart does)";
      default -> "roll back (as kubectl rollout undo does)";
    };
  }

  @Override
  public McpSchema.Tool definition() {
    return definition;
  }

  @Override
  public ToolOutput call(ToolCall call) {
    Arguments args = new Arguments(definition.name(), call.arguments(), argumentNames);
    String namespace = args.namespace("namespace", true);
    var asked = ActionArguments.spec(action, args, true);
    String key = args.optionalString("idempotencyKey", 128);
    filer.checkMayFileFor(call.caller());
    var filed =
        filer.file(call.caller(), namespace, RequestFiler.onBehalfOf(call.caller(), asked), key);
    Map<String, Object> view = new LinkedHashMap<>(RequestView.of(filed.request()));
    view.put("replayed", filed.replayed());
    String name = namespace + "/" + filed.request().getMetadata().getName();
    String text =
        (filed.replayed() ? "Already filed (same idempotencyKey): " : "Filed: ")
            + RequestView.text(view)
            + "\nCountersign decides it now; call wait_for_request or get_request for the outcome."
            + " Only a human's Approval counts.";
    return new ToolOutput(view, text, name, !filed.replayed());
  }
}
