package dev.countersign.sandbox;

import dev.countersign.mcp.DoorConfig;
import dev.countersign.mcp.McpDoor;
import dev.countersign.policy.Limits;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.auth.IssuedToken;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The demo's last act: the agent asks through the MCP front door, as an AI agent's MCP client
 * would. The door runs as the chart's {@code countersign-mcp} ServiceAccount; the agent presents a
 * token bound to the audience {@code countersign} (as a projected ServiceAccount token would be)
 * and calls check_action, request_scale and wait_for_request with the official MCP Java SDK's
 * client.
 */
final class McpAgent {
  private static final UserInfo AGENT = UserInfo.serviceAccount("shop", "ops-agent");
  private static final UserInfo DOOR =
      UserInfo.serviceAccount("countersign-system", "countersign-mcp");

  private McpAgent() {}

  static void play(EmbeddedApiServer api, Consumer<String> say) {
    say.accept(
        "4) The agent asks through the MCP front door (countersign-mcp): scale web to 4. It"
            + " presents its own token; the door verifies it and files for it.");
    // As a cluster admin grants an agent: it may file in shop (the door checks it).
    api.bind("countersign-agent", DemoScenario.NAMESPACE, AGENT);
    String token = "demo-agent-" + UUID.randomUUID();
    api.access()
        .authenticator()
        .register(
            IssuedToken.bound(
                token, AGENT, List.of("countersign"), Instant.now().plus(Duration.ofHours(1))));
    try (var doorClient = api.clientAs(DOOR);
        McpDoor door =
            McpDoor.start(
                DoorConfig.defaults().withPort(0),
                new Limits(1000, Duration.ofHours(1)),
                doorClient,
                Clock.systemUTC())) {
      say.accept("   MCP endpoint: " + door.url() + " (Authorization: Bearer <agent token>)");
      McpSyncClient agent =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + door.port())
                      .endpoint("/mcp")
                      .requestBuilder(
                          HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                      .build())
              .requestTimeout(Duration.ofSeconds(90))
              .build();
      agent.initialize();
      Map<String, Object> target =
          Map.of("namespace", DemoScenario.NAMESPACE, "name", "web", "replicas", 4);
      Map<String, Object> check = new java.util.HashMap<>(target);
      check.put("action", "scale");
      say.accept("   check_action -> " + text(agent.callTool(call("check_action", check))));
      Map<String, Object> scale = new java.util.HashMap<>(target);
      scale.put(
          "reasoning",
          Map.of(
              "summary",
              "the checkout peak is over; 5 replicas idle at 10% CPU",
              "confidence",
              0.8));
      scale.put("idempotencyKey", "demo-scale-down-1");
      var filed = agent.callTool(call("request_scale", scale));
      say.accept("   request_scale -> " + text(filed).lines().findFirst().orElse(""));
      String name = (String) ((Map<?, ?>) filed.structuredContent()).get("name");
      var done =
          agent.callTool(
              call(
                  "wait_for_request",
                  Map.of("namespace", DemoScenario.NAMESPACE, "name", name, "timeoutSeconds", 60)));
      say.accept("   wait_for_request -> " + text(done));
      agent.close();
    }
  }

  private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
    return new McpSchema.CallToolRequest(tool, arguments);
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }
}
