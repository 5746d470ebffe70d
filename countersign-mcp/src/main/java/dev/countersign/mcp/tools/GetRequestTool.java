package dev.countersign.mcp.tools;

import dev.countersign.mcp.cluster.RequestView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** get_request: where one of the caller's requests stands. */
public final class GetRequestTool implements DoorTool {
  private final KubernetesClient client;
  private final McpSchema.Tool definition;

  public GetRequestTool(KubernetesClient client) {
    this.client = client;
    this.definition =
        McpSchema.Tool.builder()
            .name("get_request")
            .title("Where does my request stand?")
            .description(
                "One of your ActionRequests: its phase, the decision in words, approvals counted"
                    + " and needed and from whom, when it expires, what was changed, and the exact"
                    + " kubectl approve line a human approver runs."
                    + Schemas.NOT_AN_APPROVAL)
            .inputSchema(inputSchema())
            .outputSchema(Schemas.request())
            .annotations(
                new McpSchema.ToolAnnotations("Get a request", true, false, true, false, null))
            .build();
  }

  static Map<String, Object> inputSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("namespace", Schemas.namespace("The request's namespace."));
    properties.put(
        "name", Schemas.string("The request's name, as the request tool returned it.", 253));
    return Schemas.object(properties, List.of("namespace", "name"));
  }

  @Override
  public McpSchema.Tool definition() {
    return definition;
  }

  @Override
  public ToolOutput call(ToolCall call) {
    Arguments args = new Arguments("get_request", call.arguments(), Set.of("namespace", "name"));
    String namespace = args.namespace("namespace", true);
    String name = args.objectName("name");
    var request = RequestLookup.own(client, call.caller(), namespace, name);
    Map<String, Object> view = RequestView.of(request);
    return new ToolOutput(view, RequestView.text(view), namespace + "/" + name, false);
  }
}
