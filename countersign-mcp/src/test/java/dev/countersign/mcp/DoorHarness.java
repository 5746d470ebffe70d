package dev.countersign.mcp;

import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.policy.Limits;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.apiserver.auth.IssuedToken;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * The door on the strict embedded API server with the chart installed with {@code mcp.enabled}: the
 * door runs as the chart's ServiceAccount under the chart's ClusterRole, agents present
 * audience-bound tokens the server issues, and the SDK's own MCP client talks to it over HTTP.
 * Namespace {@code shop} holds Deployment {@code web} (3 replicas); a policy lets the fixture agent
 * scale it between 1 and 10 with alice's approval.
 */
final class DoorHarness implements AutoCloseable {
  static final String NAMESPACE = "shop";
  static final UserInfo AGENT = UserInfo.serviceAccount("agents", "ops-agent");
  static final UserInfo DOOR = UserInfo.serviceAccount("countersign-system", "countersign-mcp");
  static final UserInfo BUSY = UserInfo.serviceAccount("agents", "busy");
  static final String AUDIENCE = "countersign";

  final EmbeddedApiServer api;
  final KubernetesClient admin;
  final KubernetesClient doorClient;
  final McpDoor door;

  private DoorHarness(EmbeddedApiServer api, DoorConfig config) {
    this.api = api;
    this.admin = api.client();
    this.doorClient = McpDoor.kubernetesClient(api.configAs(DOOR));
    this.door =
        McpDoor.start(
            config.withPort(0),
            new Limits(1000, Duration.ofHours(1)),
            doorClient,
            Clock.systemUTC());
  }

  static DoorHarness start() {
    return start(DoorConfig.defaults());
  }

  static DoorHarness start(DoorConfig config) {
    return start(config, ServerOptions.defaults());
  }

  /** With these server options (the chart's {@code mcp.enabled} is set on them). */
  static DoorHarness start(DoorConfig config, ServerOptions options) {
    EmbeddedApiServer api = EmbeddedApiServer.start(options.withChartValue("mcp.enabled", true));
    DoorHarness harness = new DoorHarness(api, config);
    harness.admin.resource(TestWorkloads.namespace(NAMESPACE)).create();
    harness.admin.resource(TestWorkloads.deployment(NAMESPACE, "web", 3)).create();
    // Agents may file in shop, as a cluster admin grants it (the door checks it).
    harness.api.bind("countersign-agent", NAMESPACE, AGENT);
    harness.api.bind("countersign-agent", NAMESPACE, BUSY);
    harness
        .admin
        .resource(
            AgentPolicies.forNamespace(NAMESPACE).allowScaleWithApproval(1, 10, "alice").build())
        .create();
    return harness;
  }

  /** A projected ServiceAccount token for the door's audience, good for an hour. */
  String token(UserInfo user) {
    return token(user, List.of(AUDIENCE), Instant.now().plus(Duration.ofHours(1)));
  }

  String token(UserInfo user, List<String> audiences, Instant expiresAt) {
    String token = "t-" + UUID.randomUUID();
    api.access().authenticator().register(IssuedToken.bound(token, user, audiences, expiresAt));
    return token;
  }

  McpSyncClient client(String token) {
    return client(token, p -> {});
  }

  McpSyncClient client(String token, Consumer<McpSchema.ProgressNotification> progress) {
    return client(door, token, progress);
  }

  /** An SDK client of {@code door} that calls with {@code token}, initialized. */
  static McpSyncClient client(
      McpDoor door, String token, Consumer<McpSchema.ProgressNotification> progress) {
    var transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + door.port())
            .endpoint("/mcp")
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build();
    McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(90))
            .progressConsumer(progress)
            .build();
    client.initialize();
    return client;
  }

  /** The agent's client, initialized. */
  McpSyncClient agent() {
    return client(token(AGENT));
  }

  static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
    return new McpSchema.CallToolRequest(tool, arguments);
  }

  /** check_action's arguments for scaling web in shop to {@code replicas}. */
  static Map<String, Object> checkScaleWeb(int replicas) {
    return checkScale(NAMESPACE, "web", replicas);
  }

  static Map<String, Object> checkScale(String namespace, String name, int replicas) {
    return Map.of("action", "scale", "namespace", namespace, "name", name, "replicas", replicas);
  }

  static Map<String, Object> scaleWeb(int replicas) {
    return scale(NAMESPACE, "web", replicas);
  }

  /** request_scale's arguments, with a reasoning. */
  static Map<String, Object> scale(String namespace, String name, int replicas) {
    return Map.of(
        "namespace",
        namespace,
        "name",
        name,
        "replicas",
        replicas,
        "reasoning",
        Map.of(
            "summary",
            "checkout latency p99 is above its SLO",
            "evidence",
            List.of("p99 1.8s for 15m"),
            "confidence",
            0.8));
  }

  @Override
  public void close() {
    door.close();
    doorClient.close();
    api.close();
  }
}
