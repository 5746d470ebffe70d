package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.NAMESPACE;
import static dev.countersign.mcp.DoorHarness.call;
import static dev.countersign.mcp.DoorHarness.scaleWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.testkit.Identities;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input and limits: each answer says exactly what was wrong, and nothing is filed. No operator
 * runs here: the point is what the door itself does.
 */
class DoorLimitsAndBadInputTest {
  private static DoorHarness cluster;
  private static McpSyncClient agent;

  @BeforeAll
  static void start() {
    cluster = DoorHarness.start(DoorConfig.defaults().withLimits(1000, 1));
    agent = cluster.agent();
  }

  @AfterAll
  static void stop() {
    agent.close();
    cluster.close();
  }

  private static int filed() {
    return cluster.admin.resources(ActionRequest.class).inAnyNamespace().list().getItems().size();
  }

  private static String error(CallToolResult result) {
    assertThat(result.isError()).isTrue();
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  void aWrongArgumentTypeIsAnErrorNamingTheArgument() {
    Map<String, Object> args = new HashMap<>(scaleWeb(5));
    args.put("replicas", "five");
    int before = filed();
    assertThat(error(agent.callTool(call("request_scale", args)))).contains("replicas");
    assertThat(filed()).isEqualTo(before);
  }

  @Test
  void aMissingReasoningIsAnError() {
    Map<String, Object> args = new HashMap<>(scaleWeb(5));
    args.remove("reasoning");
    assertThat(error(agent.callTool(call("request_scale", args)))).contains("reasoning");
  }

  @Test
  void anOversizedSummaryIsAnErrorWithTheCrdBound() {
    Map<String, Object> args = new HashMap<>(scaleWeb(5));
    args.put("reasoning", Map.of("summary", "x".repeat(1025)));
    int before = filed();
    assertThat(error(agent.callTool(call("request_scale", args)))).contains("summary");
    assertThat(filed()).isEqualTo(before);
  }

  @Test
  void anUnknownTargetIsNotFoundAndNothingIsFiled() {
    Map<String, Object> args = new HashMap<>(scaleWeb(5));
    args.put("name", "nope");
    int before = filed();
    assertThat(error(agent.callTool(call("request_scale", args))))
        .isEqualTo("NotFound: Deployment nope does not exist in namespace shop; nothing was filed");
    assertThat(filed()).isEqualTo(before);
  }

  @Test
  void anUnknownToolIsAnMcpError() {
    assertThatThrownBy(() -> agent.callTool(call("delete_everything", Map.of())))
        .isInstanceOfSatisfying(
            McpError.class,
            e ->
                assertThat(String.valueOf(e.getJsonRpcError().data()))
                    .isEqualTo("Tool not found: delete_everything"))
        .hasMessageContaining("Unknown tool");
  }

  @Test
  void anOversizedMessageIsRefusedBeforeAnyTool() throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_request\","
            + "\"arguments\":{\"namespace\":\""
            + "a".repeat(70_000)
            + "\"}}}";
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(cluster.door.url())
                    .header("Authorization", "Bearer " + cluster.token(AGENT))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void theDoorNeverFilesForTheOperator() {
    McpSyncClient operator = cluster.client(cluster.token(Identities.OPERATOR));
    int before = filed();
    assertThat(error(operator.callTool(call("request_scale", scaleWeb(5)))))
        .isEqualTo("Forbidden: the MCP door never files requests for the Countersign operator");
    assertThat(filed()).isEqualTo(before);
    operator.close();
  }

  @Test
  void theDoorFilesOnlyWhereTheAgentCouldFileItself() {
    var stranger = dev.countersign.testkit.apiserver.auth.UserInfo.serviceAccount("other", "agent");
    McpSyncClient client = cluster.client(cluster.token(stranger));
    int before = filed();
    assertThat(error(client.callTool(call("request_scale", scaleWeb(5)))))
        .isEqualTo(
            "Forbidden: system:serviceaccount:other:agent may not create ActionRequests in"
                + " namespace shop (RBAC: bind it to the countersign-agent ClusterRole there); the"
                + " door files only where the agent could file itself; nothing was filed");
    assertThat(filed()).isEqualTo(before);
    client.close();
  }

  @Test
  void theDoorFilesForHumansOnlyWhenConfigured() {
    McpSyncClient alice = cluster.client(cluster.token(Identities.ALICE));
    assertThat(error(alice.callTool(call("request_scale", scaleWeb(5)))))
        .startsWith("Forbidden: the MCP door files only for ServiceAccounts; alice is a user");
    alice.close();
  }

  @Test
  void aSecondCallWhileOneRunsHitsTheInFlightCap() throws Exception {
    var busy = DoorHarness.BUSY;
    McpSyncClient first = cluster.client(cluster.token(busy));
    McpSyncClient second = cluster.client(cluster.token(busy));
    Object name = first.callTool(call("request_scale", scaleWeb(5))).structuredContent();
    String filedName = (String) ((Map<?, ?>) name).get("name");
    // Its own thread: the common pool may have a single worker on a small machine.
    var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
    var waiting =
        executor.submit(
            () ->
                second.callTool(
                    call(
                        "wait_for_request",
                        Map.of("namespace", NAMESPACE, "name", filedName, "timeoutSeconds", 8))));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(7))
        .pollInSameThread()
        .untilAsserted(
            () ->
                assertThat(error(first.callTool(call("list_my_requests", Map.of()))))
                    .startsWith("TooManyInFlight: 429 Too Many Requests: " + busy.username())
                    .contains("limit mcp.maxInFlight=1"));
    CallToolResult waited = waiting.get();
    assertThat(waited.isError()).isFalse();
    assertThat(((Map<?, ?>) waited.structuredContent()).get("timedOut")).isEqualTo(true);
    executor.shutdown();
    first.close();
    second.close();
  }

  @Test
  void metricsCountCallsByToolAndOutcome() throws Exception {
    agent.callTool(call("list_allowed_actions", Map.of()));
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cluster.door.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("countersign_mcp_tool_calls_total{outcome=\"ok\",tool=\"list_allowed_actions\"}");
  }
}
