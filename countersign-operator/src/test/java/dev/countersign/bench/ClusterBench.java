package dev.countersign.bench;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.AgentPolicies;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench-cluster}: the load benchmark against the operator installed on the cluster of
 * the current kubeconfig context, so that users can measure on their own clusters. It creates a
 * namespace {@code countersign-bench-XXXX} with Deployments of zero replicas (no pod starts) and a
 * policy that lets the caller scale them, sends dry-run scale requests only (nothing is ever
 * executed) at each rate, and deletes the namespace and policy at the end, also when interrupted.
 * It refuses a context whose API server is not on this machine unless given {@code
 * --yes-this-cluster}. The operator runs elsewhere, so its CPU, memory and API calls are not seen
 * here: the decision latency against the raw round trip is.
 *
 * <p>Then it measures {@code kubectl approve} against {@code kubectl get areq} listing the same
 * pending requests, paired, as an approver ServiceAccount of that namespace ({@link ListingBench}):
 * restart requests that only that approver may approve, which nobody approves, so nothing is
 * executed; they go with the namespace.
 *
 * <p>Arguments: {@code [--yes-this-cluster] [--count N (≤ 5000)] [--rates 20,100 (each ≤ 200)]
 * [--targets N (≤ 50)] [--list N (pending requests to list, ≤ 5000; 0 skips the listing)] [--door N
 * (calls of each kind through the MCP door, ≤ 5000; 0 skips it)]}; the door's part is {@code
 * dev.countersign.mcp.DoorClusterBench}, which {@code make bench-cluster} runs next.
 */
public final class ClusterBench {
  static final int MAX_COUNT = 5_000;
  static final int MAX_RATE = 200;
  static final int MAX_TARGETS = 50;
  static final int LIST_RUNS = 5;

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parseOrExit(args);
    Config config =
        clusterOrExit(
            settings,
            "a namespace, a policy, %d dry-run requests and %d requests that await an approval nobody gives"
                .formatted(settings.count() * settings.rates().size(), settings.list()));
    String context = contextName(config);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      String me = whoAmI(client);
      String namespace = "countersign-bench-" + UUID.randomUUID().toString().substring(0, 6);
      AgentPolicy policy = policy(namespace, me);
      Thread cleanup = new Thread(() -> cleanUp(client, namespace, policy));
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        run(client, settings, context, me, namespace, policy);
        if (settings.list() > 0) {
          ListingBench.run(
              client, config, me, namespace, settings.targets(), settings.list(), LIST_RUNS);
        }
      } finally {
        cleanUp(client, namespace, policy);
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    } catch (KubernetesClientException e) {
      exitAnswered(context, e);
    } catch (Exception e) {
      exitStopped(e);
    }
    // Vert.x event-loop threads (not daemons) outlive the closed clients (jstack after main
    // returned), and exec:java (make bench-cluster) waits for every such thread: it never ended.
    System.exit(0);
  }

  /**
   * The current context's cluster, if the caller may benchmark it: its API server is on this
   * machine, or {@code --yes-this-cluster} was given. Otherwise it says what would be created there
   * ({@code creates}) and exits with 2.
   */
  public static Config clusterOrExit(Settings settings, String creates) {
    Config config = Config.autoConfigure(null);
    String context = contextName(config);
    if (config.getMasterUrl() == null) {
      System.err.println(
          "bench-cluster: the kubeconfig names no cluster (context " + context + ")");
      System.exit(2);
    }
    String host = URI.create(config.getMasterUrl()).getHost();
    if (!isLocal(host) && !settings.yes()) {
      System.err.printf(
          "bench-cluster: context %s talks to %s, which is not this machine; it would create %s"
              + " there. Run it with ARGS=--yes-this-cluster if that is what you want.%n",
          context, config.getMasterUrl(), creates);
      System.exit(2);
    }
    return config;
  }

  public static String contextName(Config config) {
    return config.getCurrentContext() == null
        ? "(no context)"
        : config.getCurrentContext().getName();
  }

  /** Says why the benchmark stopped, without a stack trace, and exits with 1. */
  public static void exitStopped(Exception e) {
    System.err.println(
        "bench-cluster: stopped: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    System.exit(1);
  }

  /** Says what the API server answered instead of a stack trace, and exits (7: no answer). */
  public static void exitAnswered(String context, KubernetesClientException e) {
    System.err.println(
        "bench-cluster: the API server of context "
            + context
            + " answered "
            + (e.getCode() == 0 ? "nothing (" + e.getMessage() + ")" : "HTTP " + e.getCode())
            + (e.getStatus() == null ? "" : ": " + e.getStatus().getMessage()));
    System.exit(e.getCode() == 0 ? 7 : 1);
  }

  private static void run(
      KubernetesClient client,
      Settings settings,
      String context,
      String me,
      String namespace,
      AgentPolicy policy)
      throws Exception {
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    for (int i = 0; i < settings.targets(); i++) {
      client.resource(deployment(namespace, "web-" + i)).create();
    }
    client.resource(policy).create();
    // The baseline of each rate: a trivial client at that rate, for as many round trips.
    Map<Integer, long[]> raw = new LinkedHashMap<>();
    for (int rate : new LinkedHashSet<>(settings.rates())) {
      long[] nanos = rawRoundTrips(client, namespace, settings.count(), rate);
      Arrays.sort(nanos);
      raw.put(rate, nanos);
    }
    List<LoadBench.Result> results = new ArrayList<>();
    List<String> tags = LoadBench.runTags(settings.rates());
    for (int i = 0; i < tags.size(); i++) {
      results.add(
          LoadBench.load(
              client,
              client,
              me,
              null,
              null,
              namespace,
              settings.count(),
              settings.rates().get(i),
              settings.targets(),
              "r" + tags.get(i) + "-"));
    }
    System.out.printf(
        "%nCluster load benchmark: context %s (%s), as %s; dry-run scale requests over %d"
            + " Deployments in %s, decided by the operator installed there%n",
        context, client.getMasterUrl(), me, settings.targets(), namespace);
    raw.forEach(
        (rate, nanos) ->
            System.out.printf(
                "raw round trip at %d/s (create a ConfigMap + see it in a watch + patch it, %d of"
                    + " them): p50 %s p99 %s%n",
                rate,
                nanos.length,
                LoadBench.ms(LoadBench.percentile(nanos, 50)),
                LoadBench.ms(LoadBench.percentile(nanos, 99))));
    System.out.printf(
        "| offered | decided/s | decision p50 / p99 (whole run) | p99 ÷ raw p99 at that rate (goal"
            + " ≤ 2) | terminal |%n|---|---|---|---|---|%n");
    for (LoadBench.Result result : results) {
      long[] decisions = result.decisionNanos();
      Arrays.sort(decisions);
      System.out.printf(
          "| %d/s, %d requests | %.0f | %s / %s | %.2f | %d %s |%n",
          result.rate(),
          decisions.length,
          decisions.length / result.seconds(),
          LoadBench.ms(LoadBench.percentile(decisions, 50)),
          LoadBench.ms(LoadBench.percentile(decisions, 99)),
          LoadBench.percentile(decisions, 99)
              / (double) Math.max(1, LoadBench.percentile(raw.get(result.rate()), 99)),
          result.terminal(),
          result.phases());
    }
    results.forEach(LoadBench::printSlowest);
  }

  /** A Deployment of zero replicas: a target to decide about that starts no pod. */
  public static io.fabric8.kubernetes.api.model.apps.Deployment deployment(
      String namespace, String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(0)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("pause")
        .withImage("registry.k8s.io/pause:3.10")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The policy that lets the caller scale the benchmark's Deployments from 1 to 100, and restart
   * them once the namespace's approver ServiceAccount has approved (the listing's requests).
   */
  static AgentPolicy policy(String namespace, String me) {
    return AgentPolicies.forNamespace(namespace)
        .named(namespace)
        .governing(me)
        .allowScale(1, 100)
        .allowWithApproval("restart", ListingBench.approverUser(namespace))
        .requestTtl("1h")
        .build();
  }

  /**
   * The raw round trip of the same cluster for a trivial client: create a ConfigMap, see it in a
   * watch, patch it; one at a time, {@code rate} per second. (Not an ActionRequest: the operator
   * would decide that too.)
   */
  private static long[] rawRoundTrips(KubernetesClient client, String namespace, int n, int rate)
      throws Exception {
    Map<String, CountDownLatch> seen = new ConcurrentHashMap<>();
    try (Watch watch =
        client
            .configMaps()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(
                      Action action, io.fabric8.kubernetes.api.model.ConfigMap map) {
                    CountDownLatch latch = seen.get(map.getMetadata().getName());
                    if (action == Action.ADDED && latch != null) {
                      latch.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      long[] nanos = new long[n];
      long first = System.nanoTime();
      for (int i = 0; i < n; i++) {
        LoadBench.awaitTurn(first, i, rate);
        String name = "raw-" + rate + "-" + i;
        CountDownLatch latch = new CountDownLatch(1);
        seen.put(name, latch);
        long start = System.nanoTime();
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .build())
            .create();
        if (!latch.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no watch event for ConfigMap " + name);
        }
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"seen\":\"yes\"}}");
        nanos[i] = System.nanoTime() - start;
      }
      return nanos;
    }
  }

  /** Who the API server says the caller is (SelfSubjectReview, Kubernetes 1.28+). */
  public static String whoAmI(KubernetesClient client) {
    var review =
        client
            .resource(
                new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder()
                    .build())
            .create();
    return review.getStatus().getUserInfo().getUsername();
  }

  /** Deletes the benchmark's policy and namespace (with everything in it). */
  public static void cleanUp(KubernetesClient client, String namespace, AgentPolicy policy) {
    try {
      client.resource(policy).delete();
      client.namespaces().withName(namespace).delete();
    } catch (KubernetesClientException e) {
      System.err.printf(
          "bench-cluster: could not delete namespace %s and AgentPolicy %s: %s; delete them by"
              + " hand%n",
          namespace, policy.getMetadata().getName(), e.getMessage());
    }
  }

  /** Whether a host name is this machine (a kind, minikube or k3d cluster's usual address). */
  public static boolean isLocal(String host) {
    if (host == null) {
      return false;
    }
    if (Set.of("localhost", "127.0.0.1", "::1", "[::1]", "host.docker.internal").contains(host)) {
      return true;
    }
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * What {@code ARGS} asked for; every part of {@code make bench-cluster} reads the same ones.
   *
   * @param door calls of each kind the MCP door's measure makes (0 skips it)
   */
  public record Settings(
      boolean yes, int count, List<Integer> rates, int targets, int list, int door) {
    /** The settings, or a message naming what is wrong and exit 2. */
    public static Settings parseOrExit(String[] args) {
      try {
        return parse(args);
      } catch (IllegalArgumentException e) {
        System.err.println("bench-cluster: " + e.getMessage());
        System.exit(2);
        throw e;
      }
    }

    static Settings parse(String[] args) {
      boolean yes = false;
      int count = 1_000;
      int list = 1_000;
      int door = 200;
      List<Integer> rates = List.of(20, 100);
      int targets = 10;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--yes-this-cluster" -> yes = true;
          case "--count" -> count = bounded(arg, value(args, ++i), 1, MAX_COUNT);
          case "--targets" -> targets = bounded(arg, value(args, ++i), 1, MAX_TARGETS);
          case "--list" -> list = bounded(arg, value(args, ++i), 0, MAX_COUNT);
          case "--door" -> door = bounded(arg, value(args, ++i), 0, MAX_COUNT);
          case "--rates" ->
              rates =
                  Arrays.stream(value(args, ++i).split(","))
                      .map(r -> bounded("--rates", r.strip(), 1, MAX_RATE))
                      .toList();
          default ->
              throw new IllegalArgumentException(
                  "unknown argument "
                      + arg
                      + " (known: --yes-this-cluster, --count N, --rates R1,R2, --targets N,"
                      + " --list N, --door N)");
        }
      }
      return new Settings(yes, count, rates, targets, list, door);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }

    private static int bounded(String name, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
          throw new IllegalArgumentException(
              name + " must be between " + min + " and " + max + ", not " + value);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, not " + value);
      }
    }
  }
}
