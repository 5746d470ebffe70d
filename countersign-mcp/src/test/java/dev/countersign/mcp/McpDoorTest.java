package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.NAMESPACE;
import static dev.countersign.mcp.DoorHarness.call;
import static dev.countersign.mcp.DoorHarness.checkScaleWeb;
import static dev.countersign.mcp.DoorHarness.scaleWeb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.Approvals;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every tool through the SDK's own MCP client over HTTP, with the operator deciding. */
class McpDoorTest {
  private static DoorHarness cluster;
  private static OperatorHarness operator;
  private static McpSyncClient agent;
  private static SimulatedWorkloadController controllers;

  @BeforeAll
  static void start() {
    cluster = DoorHarness.start();
    operator = OperatorHarness.start(cluster.api);
    controllers = new SimulatedWorkloadController(cluster.admin, NAMESPACE).start();
    agent = cluster.agent();
  }

  @AfterAll
  static void stop() {
    agent.close();
    controllers.close();
    operator.close();
    cluster.close();
  }

  private static List<ActionRequest> requests() {
    return cluster.admin.resources(ActionRequest.class).inNamespace(NAMESPACE).list().getItems();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).as(text(result)).isFalse();
    return (Map<String, Object>) result.structuredContent();
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  void listsEveryToolWithSchemasAndAnnotations() {
    var tools = agent.listTools().tools();
    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactlyInAnyOrder(
            "list_allowed_actions",
            "check_action",
            "request_scale",
            "request_restart",
            "request_rollback",
            "get_request",
            "wait_for_request",
            "list_my_requests");
    for (McpSchema.Tool tool : tools) {
      assertThat(tool.outputSchema()).as(tool.name()).isNotNull();
      if (tool.name().startsWith("request_")) {
        assertThat(tool.annotations().destructiveHint()).as(tool.name()).isFalse();
        assertThat(tool.annotations().readOnlyHint()).as(tool.name()).isFalse();
        assertThat(tool.description()).contains("never count");
      } else {
        assertThat(tool.annotations().readOnlyHint()).as(tool.name()).isTrue();
      }
    }
  }

  @Test
  void requestScaleFilesForTheVerifiedAgentAndAHumanApprovalLetsItRun() {
    var progress = new CopyOnWriteArrayList<McpSchema.ProgressNotification>();
    McpSyncClient withProgress = cluster.client(cluster.token(AGENT), progress::add);
    Map<String, Object> filed =
        structured(withProgress.callTool(call("request_scale", scaleWeb(5))));
    String name = (String) filed.get("name");

    ActionRequest stored =
        cluster.admin.resources(ActionRequest.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(stored.getSpec().requester()).isEqualTo(AGENT.username());
    assertThat(stored.getSpec().requesterGroups()).contains("system:serviceaccounts:agents");
    assertThat(stored.getMetadata().getAnnotations()).containsEntry("countersign.dev/via", "mcp");

    Map<String, Object> decided =
        structured(
            withProgress.callTool(
                call(
                    "wait_for_request",
                    Map.of(
                        "namespace",
                        NAMESPACE,
                        "name",
                        name,
                        "until",
                        "decided",
                        "timeoutSeconds",
                        20))));
    assertThat(decided.get("phase")).isEqualTo("AwaitingApproval");
    assertThat(decided.get("approveCommand")).isEqualTo("kubectl approve " + name + " -n shop");
    assertThat((Map<String, Object>) decided.get("approvals"))
        .containsEntry("need", 1)
        .containsEntry("fromUsers", List.of("alice"));

    cluster.api.giveAsApprover(
        Approvals.approve(operator.awaitPhase(stored, Phase.AwaitingApproval), "alice"));
    progress.clear();
    Map<String, Object> done =
        structured(
            withProgress.callTool(
                McpSchema.CallToolRequest.builder("wait_for_request")
                    .arguments(Map.of("namespace", NAMESPACE, "name", name, "timeoutSeconds", 30))
                    .progressToken("wait-1")
                    .build()));
    assertThat(done.get("phase")).isEqualTo("Succeeded");
    assertThat(done.get("timedOut")).isEqualTo(false);
    assertThat(progress)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("wait-1"));
    assertThat((Map<String, Object>) done.get("execution"))
        .extractingByKey("changes")
        .isEqualTo(List.of("spec.replicas: 3 → 5"));
    Map<String, Object> got =
        structured(
            agent.callTool(call("get_request", Map.of("namespace", NAMESPACE, "name", name))));
    assertThat(got.get("phase")).isEqualTo("Succeeded");
    withProgress.close();
  }

  @Test
  void checkActionDecidesWithTheCoreAndFilesNothing() {
    int before = requests().size();
    Map<String, Object> needs = structured(agent.callTool(call("check_action", checkScaleWeb(6))));
    assertThat(needs.get("verdict")).isEqualTo("NeedsApproval");
    assertThat((List<String>) needs.get("reasonCodes")).contains("NeedsApproval");

    Map<String, Object> above = structured(agent.callTool(call("check_action", checkScaleWeb(50))));
    assertThat(above.get("verdict")).isEqualTo("Denied");
    assertThat((List<String>) above.get("reasonCodes")).contains("AboveMax");
    assertThat(requests()).hasSize(before);
  }

  @Test
  void listAllowedActionsShowsThePoliciesThatNameTheAgent() {
    CallToolResult result = agent.callTool(call("list_allowed_actions", Map.of()));
    Map<String, Object> listed = structured(result);
    assertThat(listed.get("identity")).isEqualTo(AGENT.username());
    assertThat((List<Map<String, Object>>) listed.get("policies"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("policy")).isEqualTo("agents-in-shop"));
    assertThat(text(result)).contains("Allow scale (policy agents-in-shop), needs approval");
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyReturnsTheSameRequest() {
    Map<String, Object> args = new java.util.HashMap<>(scaleWeb(4));
    args.put("idempotencyKey", "retry-1");
    Map<String, Object> first = structured(agent.callTool(call("request_scale", args)));
    Map<String, Object> again = structured(agent.callTool(call("request_scale", args)));
    assertThat(again.get("name")).isEqualTo(first.get("name"));
    assertThat(first.get("replayed")).isEqualTo(false);
    assertThat(again.get("replayed")).isEqualTo(true);
    assertThat(requests())
        .filteredOn(r -> r.getMetadata().getName().equals(first.get("name")))
        .hasSize(1);

    args.put("replicas", 7);
    int before = requests().size();
    CallToolResult reused = agent.callTool(call("request_scale", args));
    assertThat(reused.isError()).isTrue();
    assertThat(text(reused))
        .startsWith("Conflict: idempotencyKey retry-1 was already used for a different request");
    assertThat(requests()).hasSize(before);
  }

  @Test
  void listMyRequestsShowsOnlyTheCallersRequests() {
    structured(agent.callTool(call("request_scale", scaleWeb(2))));
    Map<String, Object> mine =
        structured(agent.callTool(call("list_my_requests", Map.of("namespace", NAMESPACE))));
    assertThat((List<Map<String, Object>>) mine.get("requests"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("namespace")).isEqualTo(NAMESPACE));
    McpSyncClient other =
        cluster.client(
            cluster.token(
                dev.countersign.testkit.apiserver.auth.UserInfo.serviceAccount("agents", "other")));
    Map<String, Object> none = structured(other.callTool(call("list_my_requests", Map.of())));
    assertThat(none.get("total")).isEqualTo(0);
    other.close();
  }
}
