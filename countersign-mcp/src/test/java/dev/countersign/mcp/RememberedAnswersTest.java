package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.NAMESPACE;
import static dev.countersign.mcp.DoorHarness.call;
import static dev.countersign.mcp.DoorHarness.scaleWeb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A filing asks the API server whether the agent may file there and whether the target exists; a
 * yes is remembered for a few seconds, so that an agent's next filings cost the create alone. A no
 * is never remembered: a binding or a workload created after a refusal works at once.
 */
class RememberedAnswersTest {
  private static final String ACCESS_REVIEWS =
      "POST /apis/authorization.k8s.io/v1/subjectaccessreviews";

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private DoorHarness cluster;

  @BeforeEach
  void start() {
    cluster =
        DoorHarness.start(
            DoorConfig.defaults().withLimits(1000, 4),
            ServerOptions.defaults().inFront(this::recording));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aSecondFilingAsksNothingTheFirstWasToldAndCostsTheCreateAlone() {
    McpSyncClient agent = cluster.agent();
    assertThat(agent.callTool(call("request_scale", scaleWeb(4))).isError()).isFalse();
    assertThat(count(ACCESS_REVIEWS)).as(calls.toString()).isEqualTo(1);
    assertThat(count(target("web"))).as(calls.toString()).isEqualTo(1);
    calls.clear();

    assertThat(agent.callTool(call("request_scale", scaleWeb(5))).isError()).isFalse();

    assertThat(count(ACCESS_REVIEWS)).as(calls.toString()).isZero();
    assertThat(count(target("web"))).as(calls.toString()).isZero();
    assertThat(count("POST /apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests"))
        .isEqualTo(1);
    agent.close();
  }

  @Test
  void aRefusalIsNotRememberedABindingMadeAfterItWorksAtOnce() {
    UserInfo newcomer = UserInfo.serviceAccount("agents", "newcomer");
    McpSyncClient client = cluster.client(cluster.token(newcomer));
    assertThat(text(client.callTool(call("request_scale", scaleWeb(4)))))
        .startsWith("Forbidden: system:serviceaccount:agents:newcomer may not create");

    cluster.api.bind("countersign-agent", NAMESPACE, newcomer);

    McpSchema.CallToolResult filed = client.callTool(call("request_scale", scaleWeb(4)));
    assertThat(filed.isError()).as(text(filed)).isFalse();
    assertThat(count(ACCESS_REVIEWS)).isEqualTo(2);
    client.close();
  }

  @Test
  void aTargetNotFoundIsNotRememberedAWorkloadCreatedAfterItIsFoundAtOnce() {
    McpSyncClient agent = cluster.client(cluster.token(AGENT));
    Map<String, Object> scaleApi = new java.util.HashMap<>(scaleWeb(4));
    scaleApi.put("name", "api");
    assertThat(text(agent.callTool(call("request_scale", scaleApi))))
        .isEqualTo("NotFound: Deployment api does not exist in namespace shop; nothing was filed");

    cluster.admin.resource(TestWorkloads.deployment(NAMESPACE, "api", 2)).create();

    McpSchema.CallToolResult filed = agent.callTool(call("request_scale", scaleApi));
    assertThat(filed.isError()).as(text(filed)).isFalse();
    assertThat(count(target("api"))).isEqualTo(2);
    agent.close();
  }

  private Dispatcher recording(Dispatcher store) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        calls.add(request.getMethod() + " " + (query < 0 ? path : path.substring(0, query)));
        return store.dispatch(request);
      }
    };
  }

  private static String target(String name) {
    return "GET /apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/" + name;
  }

  private long count(String call) {
    return calls.stream().filter(call::equals).count();
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }
}
