package dev.countersign.mcp;

import dev.countersign.mcp.audit.AuditLine;
import dev.countersign.mcp.auth.TokenReviewer;
import dev.countersign.mcp.cluster.ClusterView;
import dev.countersign.mcp.cluster.RequestFiler;
import dev.countersign.mcp.http.McpEndpoint;
import dev.countersign.mcp.http.PlainText;
import dev.countersign.mcp.http.ResourceMetadata;
import dev.countersign.mcp.limits.CallerLimits;
import dev.countersign.mcp.metrics.ToolMetrics;
import dev.countersign.mcp.tools.CheckActionTool;
import dev.countersign.mcp.tools.DoorTool;
import dev.countersign.mcp.tools.GetRequestTool;
import dev.countersign.mcp.tools.ListAllowedActionsTool;
import dev.countersign.mcp.tools.ListMyRequestsTool;
import dev.countersign.mcp.tools.RequestActionTool;
import dev.countersign.mcp.tools.ToolRunner;
import dev.countersign.mcp.tools.WaitForRequestTool;
import dev.countersign.policy.Limits;
import dev.countersign.policy.PolicyEvaluator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The MCP front door: a stateless Streamable HTTP MCP server (the official MCP Java SDK's {@code
 * HttpServletStatelessServerTransport}) that keeps nothing between calls, so any replica answers
 * any call; idempotency and every guardrail live in the cluster.
 *
 * <p>Hosted in a plain embedded Jetty rather than a Quarkus application: the SDK's transport is a
 * servlet, and Quarkus serves servlets only through its Undertow extension (not available to this
 * build), while the Quarkiverse MCP extension is not the official SDK. Jetty is the servlet
 * container the SDK's own tests use; the door has no CDI beans and needs none.
 *
 * <p>Endpoints: {@code /mcp} (MCP, bearer token required), {@code
 * /.well-known/oauth-protected-resource[/mcp]} (Protected Resource Metadata), {@code /metrics}
 * (Prometheus), {@code /healthz}.
 */
public final class McpDoor implements AutoCloseable {
  private final Server server;
  private final McpStatelessSyncServer mcp;

  private McpDoor(Server server, McpStatelessSyncServer mcp) {
    this.server = server;
    this.mcp = mcp;
  }

  /** Starts the door on {@code config.port()} (0: a free port), filing with {@code client}. */
  public static McpDoor start(
      DoorConfig config, Limits limits, KubernetesClient client, Clock clock) {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    ToolMetrics metrics = new ToolMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    ResourceMetadata metadata =
        new ResourceMetadata(
            config.resourceUrl(), config.authorizationServers(), config.audience(), json);
    HttpServletStatelessServerTransport transport =
        HttpServletStatelessServerTransport.builder()
            .jsonMapper(json)
            .messageEndpoint("/mcp")
            .maxRequestSize(config.maxRequestBytes())
            .contextExtractor(
                request -> {
                  Map<String, Object> values = new HashMap<>();
                  Object caller = request.getAttribute(ToolRunner.CALLER);
                  Object progress = request.getAttribute(ToolRunner.PROGRESS);
                  if (caller != null) {
                    values.put(ToolRunner.CALLER, caller);
                  }
                  if (progress != null) {
                    values.put(ToolRunner.PROGRESS, progress);
                  }
                  return McpTransportContext.create(values);
                })
            .build();
    ToolRunner runner =
        new ToolRunner(
            new CallerLimits(config.callsPerMinute(), config.maxInFlight(), clock),
            metrics,
            new AuditLine(clock));
    McpStatelessSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("countersign-mcp", version())
            .instructions(
                "Countersign guards changes to Kubernetes workloads. Ask it with request_scale,"
                    + " request_restart or request_rollback; see what you may ask with"
                    + " list_allowed_actions and check_action. Only a human's Approval (kubectl"
                    + " approve) lets a change go ahead; nothing said here is an approval.")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .immediateExecution(true)
            .validateToolInputs(true)
            .requestTimeout(config.maxWait().plusSeconds(30))
            .tools(
                tools(config, limits, client, clock).stream().map(runner::specification).toList())
            .build();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(config.port());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(
        new ServletHolder(
            new McpEndpoint(
                transport,
                new TokenReviewer(client, config.audience(), clock),
                metadata,
                metrics,
                json)),
        "/mcp");
    context.addServlet(new ServletHolder(metadata), ResourceMetadata.PATH);
    context.addServlet(new ServletHolder(metadata), ResourceMetadata.PATH + "/*");
    context.addServlet(
        new ServletHolder(new PlainText(metrics::scrape, "text/plain; version=0.0.4")), "/metrics");
    context.addServlet(new ServletHolder(new PlainText(() -> "ok", "text/plain")), "/healthz");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the MCP door could not start on port " + config.port(), e);
    }
    return new McpDoor(server, mcp);
  }

  static List<DoorTool> tools(
      DoorConfig config, Limits limits, KubernetesClient client, Clock clock) {
    ClusterView cluster = new ClusterView(client);
    RequestFiler filer = new RequestFiler(cluster, config, clock);
    return List.of(
        new ListAllowedActionsTool(cluster, clock),
        new CheckActionTool(cluster, new PolicyEvaluator(limits), clock),
        new RequestActionTool("scale", filer),
        new RequestActionTool("restart", filer),
        new RequestActionTool("rollback", filer),
        new GetRequestTool(client),
        new WaitForRequestTool(client, config.maxWait(), clock),
        new ListMyRequestsTool(client));
  }

  private static String version() {
    String version = McpDoor.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The port the door listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The MCP endpoint's URL on the loopback interface. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/mcp");
  }

  @Override
  public void close() {
    try {
      mcp.close();
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the MCP door did not stop cleanly", e);
    }
  }

  /**
   * The door's client of the API server, on the JDK's HTTP client: the one the door's image carries
   * (the module leaves Vert.x's out), named here so that tests and benchmarks, whose class path
   * holds both, measure the door with the client it runs with.
   */
  public static KubernetesClient kubernetesClient(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  /**
   * The operator's limits, which check_action decides with, as the chart hands them to the door
   * ({@code COUNTERSIGN_MAX_REPLICAS}, 1000; {@code COUNTERSIGN_REQUEST_TTL}, 1h).
   */
  public static Limits limitsFrom(Map<String, String> env) {
    return new Limits(
        Integer.parseInt(env.getOrDefault("COUNTERSIGN_MAX_REPLICAS", "1000")),
        Duration.parse("PT" + env.getOrDefault("COUNTERSIGN_REQUEST_TTL", "1h").toUpperCase()));
  }

  /** Runs the door in its Deployment, with the pod's ServiceAccount. */
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    DoorConfig config = DoorConfig.fromEnvironment(env);
    KubernetesClient client = kubernetesClient(Config.autoConfigure(null));
    McpDoor door = start(config, limitsFrom(env), client, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  door.close();
                  client.close();
                }));
    door.server.join();
  }
}
