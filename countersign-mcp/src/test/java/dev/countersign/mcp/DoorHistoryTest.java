package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.Policies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * check_action counts a policy's budget from the requests that started executing, as the operator
 * does, and reads only those: the ones the operator labelled {@link ActionRequest#STARTED_LABEL},
 * not every request in the cluster.
 */
class DoorHistoryTest {
  private static final String NAMESPACE = "budgets";

  @Test
  void aBudgetUsedUpByARequestThatRanDeniesAndOnlyLabelledRequestsAreRead() {
    try (DoorHarness cluster = DoorHarness.start();
        SimulatedWorkloadController controllers =
            new SimulatedWorkloadController(cluster.admin, NAMESPACE)) {
      cluster.admin.resource(TestWorkloads.namespace(NAMESPACE)).create();
      cluster.admin.resource(TestWorkloads.deployment(NAMESPACE, "api", 3)).create();
      cluster.api.bind("countersign-agent", NAMESPACE, AGENT);
      Policies.Builder policy =
          Policies.allowScale("one-a-day")
              .serviceAccounts("agents/ops-agent")
              .namespaces(NAMESPACE)
              .budget("24h", null, 1);
      AgentPolicy created = new AgentPolicy();
      created.setMetadata(new ObjectMetaBuilder().withName(policy.build().name()).build());
      created.setSpec(policy.spec());
      cluster.admin.resource(created).create();
      controllers.start();
      McpSyncClient agent = cluster.agent();

      ActionRequest ran;
      try (OperatorHarness operator = OperatorHarness.start(cluster.api)) {
        String name =
            (String) structured(agent.callTool(call("request_scale", scaleApi(4)))).get("name");
        ran =
            operator.awaitPhase(
                cluster
                    .admin
                    .resources(ActionRequest.class)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .get(),
                Phase.Succeeded);
      }
      assertThat(ran.getMetadata().getLabels()).containsEntry(ActionRequest.STARTED_LABEL, "true");

      Map<String, Object> spent = structured(agent.callTool(call("check_action", checkApi(5))));
      assertThat(spent.get("verdict")).isEqualTo("Denied");
      assertThat(reasonCodes(spent)).contains("BudgetExceeded");

      // The same request without the label (no operator runs to put it back) is not read.
      cluster
          .admin
          .resources(ActionRequest.class)
          .inNamespace(NAMESPACE)
          .withName(ran.getMetadata().getName())
          .edit(
              r -> {
                r.getMetadata().getLabels().remove(ActionRequest.STARTED_LABEL);
                return r;
              });
      Map<String, Object> unread = structured(agent.callTool(call("check_action", checkApi(5))));
      assertThat(reasonCodes(unread)).doesNotContain("BudgetExceeded");
      agent.close();
    }
  }

  private static Map<String, Object> scaleApi(int replicas) {
    return Map.of(
        "namespace",
        NAMESPACE,
        "name",
        "api",
        "replicas",
        replicas,
        "reasoning",
        Map.of("summary", "load is up"));
  }

  private static Map<String, Object> checkApi(int replicas) {
    return Map.of("action", "scale", "namespace", NAMESPACE, "name", "api", "replicas", replicas);
  }

  @SuppressWarnings("unchecked")
  private static List<String> reasonCodes(Map<String, Object> decision) {
    return (List<String>) decision.get("reasonCodes");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).as(String.valueOf(result.content())).isFalse();
    return (Map<String, Object>) result.structuredContent();
  }
}
