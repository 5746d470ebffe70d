package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.call;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.bench.BenchAccounts;
import dev.countersign.bench.ClusterBench;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * The MCP door's part of {@code make bench-cluster}: request_scale through the door against a plain
 * ActionRequest create by the same agent, on the cluster of the current kubeconfig context, so that
 * the door's goal (≤ 2× a create) is measured where a create costs what it costs on a real API
 * server (etcd, admission).
 *
 * <p>The door's code runs in this JVM, with the identity of the door's ServiceAccount that the
 * chart made ({@code mcp.enabled=true}; found by its label {@code app.kubernetes.io/component=mcp})
 * and the settings of the chart's door Deployment, so that the cluster's RBAC and admission policy
 * judge its filings as they judge the installed door's. The agent is a ServiceAccount of a
 * namespace {@code countersign-bench-door-XXXX} bound to the chart's {@code countersign-agent}
 * ClusterRole; it calls the door with a token bound to the door's audience and creates directly
 * with one bound to the API server's. A policy in Audit mode governs it there, so every request is
 * decided and recorded and none is ever executed; the namespace and policy are deleted at the end,
 * also when interrupted. Arguments are {@link ClusterBench}'s; {@code --door N} calls of each kind
 * (0 skips this part).
 */
public final class DoorClusterBench {
  static final String AGENT = "countersign-bench-agent";
  static final String AGENT_ROLE = "countersign-agent";
  static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  static final String TARGET = "web-0";
  static final int MAX_WARMUP = 50;

  static {
    // One audit line per call is the door's promise, and hundreds of them would bury the figures.
    System.setProperty("org.slf4j.simpleLogger.log.countersign.audit", "warn");
  }

  private DoorClusterBench() {}

  public static void main(String[] args) throws Exception {
    ClusterBench.Settings settings = ClusterBench.Settings.parseOrExit(args);
    if (settings.door() == 0) {
      System.out.printf("%nMCP door benchmark skipped (--door 0)%n");
      return;
    }
    Config config =
        ClusterBench.clusterOrExit(
            settings,
            "a namespace, a policy in Audit mode and %d requests (none executed)"
                .formatted(2 * (settings.door() + warmup(settings.door()))));
    String context = ClusterBench.contextName(config);
    try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
      Optional<ServiceAccount> door;
      try {
        door = doorAccount(admin);
      } catch (IllegalStateException e) {
        System.err.println("bench-cluster: " + e.getMessage());
        System.exit(2);
        return;
      }
      if (door.isEmpty()) {
        System.out.printf(
            "%nMCP door benchmark skipped: no ServiceAccount labelled %s=mcp (install the chart"
                + " with mcp.enabled=true)%n",
            COMPONENT_LABEL);
        return;
      }
      if (!BenchAccounts.hasChartRole(admin, AGENT_ROLE, "MCP door benchmark")) {
        return;
      }
      String namespace = "countersign-bench-door-" + UUID.randomUUID().toString().substring(0, 6);
      AgentPolicy policy = policy(namespace);
      Thread cleanup = new Thread(() -> ClusterBench.cleanUp(admin, namespace, policy));
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        Figures figures = measure(admin, config, door.get(), namespace, policy, settings.door());
        System.out.printf(
            "%nMCP door on context %s (%s): the door's code in this JVM as %s, the agent %s; %d"
                + " calls of each kind after %d unmeasured turns, in turns (machine load %s)%n",
            context,
            config.getMasterUrl(),
            username(door.get()),
            agentUser(namespace),
            settings.door(),
            warmup(settings.door()),
            CallTurns.load());
        figures.print();
      } finally {
        ClusterBench.cleanUp(admin, namespace, policy);
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    } catch (KubernetesClientException e) {
      ClusterBench.exitAnswered(context, e);
    } catch (Exception e) {
      ClusterBench.exitStopped(e);
    }
    // Vert.x event-loop threads (not daemons) outlive the closed clients (jstack after main
    // returned), and exec:java (make bench-cluster) waits for every such thread: it never ended.
    System.exit(0);
  }

  /** The milliseconds of each kind of call, sorted. */
  record Figures(double[] plainCreate, double[] ping, double[] requestScale, double[] check) {
    void print() {
      CallTurns.print("plain ActionRequest create", plainCreate);
      CallTurns.print("MCP ping (the protocol alone)", ping);
      CallTurns.print("request_scale via MCP", requestScale);
      CallTurns.print("check_action via MCP", check);
      CallTurns.printRatio(requestScale, plainCreate);
    }
  }

  static int warmup(int count) {
    return Math.min(MAX_WARMUP, count);
  }

  /**
   * The door's ServiceAccount, if exactly one is labelled as the chart labels it. Several (two
   * releases of the chart) would leave the choice to chance, so that is refused, naming them.
   */
  static Optional<ServiceAccount> doorAccount(KubernetesClient admin) {
    List<ServiceAccount> found =
        admin
            .serviceAccounts()
            .inAnyNamespace()
            .withLabel(COMPONENT_LABEL, "mcp")
            .list()
            .getItems();
    if (found.size() > 1) {
      throw new IllegalStateException(
          "several ServiceAccounts are labelled "
              + COMPONENT_LABEL
              + "=mcp ("
              + found.stream().map(DoorClusterBench::username).collect(Collectors.joining(", "))
              + "); the benchmark would not know which door to be");
    }
    return found.stream().findFirst();
  }

  /**
   * The settings of the chart's door Deployment that runs as {@code account} (its literal
   * environment values), or the defaults naming that account when no Deployment is found.
   */
  static DoorConfig doorSettings(KubernetesClient admin, ServiceAccount account) {
    String namespace = account.getMetadata().getNamespace();
    Map<String, String> env =
        admin
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(COMPONENT_LABEL, "mcp")
            .list()
            .getItems()
            .stream()
            .filter(d -> runsAs(d, account.getMetadata().getName()))
            .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
            .flatMap(
                c -> c.getEnv() == null ? java.util.stream.Stream.empty() : c.getEnv().stream())
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> a));
    if (!env.containsKey("COUNTERSIGN_MCP_SERVICE_ACCOUNT")) {
      env =
          Map.of(
              "COUNTERSIGN_MCP_SERVICE_ACCOUNT", namespace + ":" + account.getMetadata().getName());
    }
    return DoorConfig.fromEnvironment(env);
  }

  private static boolean runsAs(Deployment deployment, String serviceAccount) {
    return Objects.equals(
        deployment.getSpec().getTemplate().getSpec().getServiceAccountName(), serviceAccount);
  }

  /** The Audit-mode policy that lets the benchmark's agent scale its Deployment from 1 to 100. */
  static AgentPolicy policy(String namespace) {
    return AgentPolicies.forNamespace(namespace)
        .named(namespace)
        .governing(agentUser(namespace))
        .allowScale(1, 100)
        .audit()
        .build();
  }

  static String agentUser(String namespace) {
    return "system:serviceaccount:" + namespace + ":" + AGENT;
  }

  private static String username(ServiceAccount account) {
    return "system:serviceaccount:"
        + account.getMetadata().getNamespace()
        + ":"
        + account.getMetadata().getName();
  }

  /**
   * Sets up the namespace (a zero-replica Deployment, the agent, the policy), starts the door as
   * {@code door}, and times {@code count} calls of each kind. Leaves the namespace and policy for
   * the caller to delete.
   */
  static Figures measure(
      KubernetesClient admin,
      Config config,
      ServiceAccount door,
      String namespace,
      AgentPolicy policy,
      int count)
      throws Exception {
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    admin.resource(ClusterBench.deployment(namespace, TARGET)).create();
    admin.resource(policy).create();
    BenchAccounts.create(admin, namespace, AGENT, AGENT_ROLE);
    DoorConfig settings = doorSettings(admin, door);
    String doorToken =
        BenchAccounts.token(
            admin, door.getMetadata().getNamespace(), door.getMetadata().getName(), List.of());
    String agentToken = BenchAccounts.token(admin, namespace, AGENT, List.of());
    String agentDoorToken =
        BenchAccounts.token(admin, namespace, AGENT, List.of(settings.audience()));
    try (KubernetesClient doorClient =
            McpDoor.kubernetesClient(BenchAccounts.configWithToken(config, namespace, doorToken));
        KubernetesClient agentClient =
            BenchAccounts.clientWithToken(config, namespace, agentToken);
        McpDoor running =
            McpDoor.start(
                settings.withPort(0).withLimits(1_000_000, 64),
                McpDoor.limitsFrom(Map.of()),
                doorClient,
                Clock.systemUTC())) {
      McpSyncClient agent = DoorHarness.client(running, agentDoorToken, p -> {});
      try {
        String me = agentUser(namespace);
        IntConsumer plainCreate =
            i ->
                agentClient
                    .resource(
                        ActionRequests.scale(TARGET, 1 + i % 9)
                            .by(me)
                            .in(namespace)
                            .named("plain-" + i)
                            .build())
                    .create();
        IntConsumer ping = i -> agent.ping();
        IntConsumer viaMcp =
            i ->
                CallTurns.succeeded(
                    agent.callTool(
                        call("request_scale", DoorHarness.scale(namespace, TARGET, 1 + i % 9))));
        IntConsumer check =
            i ->
                CallTurns.succeeded(
                    agent.callTool(
                        call(
                            "check_action", DoorHarness.checkScale(namespace, TARGET, 1 + i % 9))));
        double[][] millis =
            CallTurns.measure(warmup(count), count, plainCreate, ping, viaMcp, check);
        return new Figures(millis[0], millis[1], millis[2], millis[3]);
      } finally {
        agent.close();
      }
    }
  }
}
