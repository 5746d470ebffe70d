package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.mcp.cluster.RequestView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** list_my_requests: the caller's requests, newest first, whoever filed them (door or kubectl). */
public final class ListMyRequestsTool implements DoorTool {
  private final KubernetesClient client;
  private final McpSchema.Tool definition;

  public ListMyRequestsTool(KubernetesClient client) {
    this.client = client;
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "namespace", Schemas.namespace("Only this namespace; every namespace if absent."));
    properties.put(
        "limit", Schemas.integer("At most this many, newest first (default 20).", 1, 100));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put(
        "requests",
        Map.of(
            "type",
            "array",
            "description",
            "Your requests, newest first.",
            "items",
            Schemas.request()));
    output.put("total", Map.of("type", "integer", "description", "How many you have in all."));
    this.definition =
        McpSchema.Tool.builder()
            .name("list_my_requests")
            .title("My requests")
            .description(
                "Your ActionRequests (filed through this door or directly), newest first, each as"
                    + " get_request shows it.")
            .inputSchema(Schemas.object(properties, List.of()))
            .outputSchema(Schemas.output(output, List.of("requests", "total")))
            .annotations(
                new McpSchema.ToolAnnotations("List my requests", true, false, true, false, null))
            .build();
  }

  @Override
  public McpSchema.Tool definition() {
    return definition;
  }

  @Override
  public ToolOutput call(ToolCall call) {
    Arguments args =
        new Arguments("list_my_requests", call.arguments(), Set.of("namespace", "limit"));
    String namespace = args.namespace("namespace", false);
    Long limit = args.optionalInteger("limit", 1, 100);
    var resources = client.resources(ActionRequest.class);
    List<ActionRequest> all =
        (namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace))
            .list()
            .getItems();
    List<ActionRequest> mine =
        all.stream()
            .filter(
                r ->
                    r.getSpec() != null && call.caller().username().equals(r.getSpec().requester()))
            .sorted(
                Comparator.comparing(
                        (ActionRequest r) ->
                            r.getMetadata().getCreationTimestamp() == null
                                ? ""
                                : r.getMetadata().getCreationTimestamp())
                    .reversed())
            .toList();
    List<Map<String, Object>> views = new ArrayList<>();
    StringBuilder text = new StringBuilder(mine.size() + " request(s)");
    for (ActionRequest request :
        mine.subList(0, (int) Math.min(mine.size(), limit == null ? 20 : limit))) {
      Map<String, Object> view = RequestView.of(request);
      views.add(view);
      text.append("\n- ").append(RequestView.text(view));
    }
    return new ToolOutput(
        Map.of("requests", views, "total", mine.size()), text.toString(), null, false);
  }
}
