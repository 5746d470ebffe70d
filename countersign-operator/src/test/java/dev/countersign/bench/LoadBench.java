package dev.countersign.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.image.OperatorJvm;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark of {@code make bench}: the packaged operator, in its own JVM, against the
 * embedded API server. It measures the raw round trip of a trivial client first (create an
 * ActionRequest, see it in a watch, patch its status), then creates ActionRequests at a steady rate
 * and measures, for each, the time from sending the create to seeing the decision in its status; it
 * also samples the operator's resident memory. Prints one table.
 *
 * <p>Run by {@code make bench} (the {@code bench} profile: every {@code *Bench} after packaging);
 * {@code -Dbench.count}, {@code -Dbench.rate} and {@code -Dbench.targets} default to 10000, 1000
 * per second and 100.
 */
class LoadBench {
  private static final String NAMESPACE = "load";
  private static final String REQUEST_PREFIX = "req-";

  /**
   * The operator's JVM flags: the container image's, sized by the chart's memory limit as in a pod
   * (-Doperator.jvm replaces them).
   */
  static final String OPERATOR_JVM =
      System.getProperty(
          "operator.jvm",
          String.join(" ", OperatorJvm.FLAGS) + " " + OperatorJvm.CHART_MEMORY_LIMIT);

  @Test
  void decisionsUnderLoad() throws Exception {
    int count = Integer.getInteger("bench.count", 10_000);
    int rate = Integer.getInteger("bench.rate", 1_000);
    int targets = Integer.getInteger("bench.targets", 100);
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    assertThat(jar)
        .as("the packaged operator (the bench profile packages it first)")
        .isRegularFile();
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient client = api.client()) {
      long[] rawEmpty = rawRoundTrips(client, Math.min(1_000, count), "raw-empty");
      setUp(client, targets);
      Process operator = startOperator(jar, api.url());
      try {
        awaitReady(client);
        Result result = load(client, operator, count, rate, targets);
        operator.destroy();
        operator.waitFor(10, TimeUnit.SECONDS);
        // The same trivial client again, now that the server holds what the load left behind.
        long[] rawFull = rawRoundTrips(client, Math.min(1_000, count), "raw-full");
        print(count, rate, targets, rawEmpty, rawFull, result);
      } finally {
        operator.destroy();
        operator.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The baseline: create, watch event, status patch; no operator running. */
  private static long[] rawRoundTrips(KubernetesClient client, int n, String namespace)
      throws Exception {
    client.resource(TestWorkloads.namespace(namespace)).create();
    Map<String, CountDownLatch> seen = new ConcurrentHashMap<>();
    try (Watch watch =
        client
            .resources(ActionRequest.class)
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ActionRequest resource) {
                    CountDownLatch latch = seen.get(resource.getMetadata().getName());
                    if (action == Action.ADDED && latch != null) {
                      latch.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      long[] nanos = new long[n];
      for (int i = 0; i < n; i++) {
        String name = "raw-" + i;
        CountDownLatch latch = new CountDownLatch(1);
        seen.put(name, latch);
        long start = System.nanoTime();
        client
            .resource(ActionRequests.scale("web-0", 2).named(name).in(namespace).build())
            .create();
        if (!latch.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no watch event for " + name);
        }
        client
            .resources(ActionRequest.class)
            .inNamespace(namespace)
            .withName(name)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Evaluated\"}}");
        nanos[i] = System.nanoTime() - start;
      }
      // The operator would otherwise decide these too and skew the measurement.
      client.resources(ActionRequest.class).inNamespace(namespace).delete();
      return nanos;
    }
  }

  private static void setUp(KubernetesClient client, int targets) {
    client.resource(TestWorkloads.namespace(NAMESPACE)).create();
    for (int i = 0; i < targets; i++) {
      client.resource(TestWorkloads.deployment(NAMESPACE, "web-" + i, 2, "nginx:1.27")).create();
    }
    client.resource(AgentPolicies.forNamespace(NAMESPACE).allowScale(1, 100).build()).create();
  }

  private static Process startOperator(Path jar, String url) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(List.of(OPERATOR_JVM.split(" ")));
    command.addAll(
        List.of(
            "-Dquarkus.kubernetes-client.api-server-url=" + url,
            "-Dquarkus.kubernetes-client.trust-certs=true",
            // A bearer token, as a pod's service account gives it (the embedded server takes any).
            // Without one, Fabric8 7.3 re-reads its whole configuration (environment, kubeconfig
            // files) on every API call once its first minute is over: a tenth of the operator's
            // CPU in this benchmark.
            "-Dquarkus.kubernetes-client.token=load-bench",
            "-Dquarkus.http.port=0",
            "-Dquarkus.log.level=WARN",
            "-Dquarkus.log.category.\"countersign.audit\".level=WARN",
            "-jar",
            jar.toString()));
    return new ProcessBuilder(command)
        .redirectOutput(Path.of("target/load-bench-operator.log").toFile())
        .redirectErrorStream(true)
        .start();
  }

  private static void awaitReady(KubernetesClient client) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      AgentPolicy policy =
          client.resources(AgentPolicy.class).withName("agents-in-" + NAMESPACE).get();
      if (policy.getStatus() != null && !policy.getStatus().conditions().isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "the operator did not start within 60s: see target/load-bench-operator.log");
  }

  /**
   * @param decisionNanos create → decision, every request
   * @param warmNanos the same for the requests after the first tenth, once the operator's JVM has
   *     compiled its hot code
   */
  record Result(
      long[] decisionNanos,
      long[] warmNanos,
      double seconds,
      long maxRssKb,
      int terminal,
      Map<Phase, Integer> phases,
      double operatorCpuSeconds,
      double serverCpuSeconds) {}

  private static Result load(
      KubernetesClient client, Process operator, int count, int rate, int targets)
      throws Exception {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    Map<String, Long> decided = new ConcurrentHashMap<>();
    Map<String, Phase> terminal = new ConcurrentHashMap<>();
    CountDownLatch allTerminal = new CountDownLatch(count);
    AtomicLong maxRss = new AtomicLong();
    // The observer reads the requests as plain maps: it shares the two cores with what it
    // measures, and needs only the phase and whether a decision is there.
    try (Watch watch =
        client
            .genericKubernetesResources(
                ApiVersion.GROUP + "/" + ApiVersion.VERSION, "ActionRequest")
            .inNamespace(NAMESPACE)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource request) {
                    long now = System.nanoTime();
                    String name = request.getMetadata().getName();
                    if (request.get("status", "decision") != null) {
                      decided.putIfAbsent(name, now);
                    }
                    Object phaseName = request.get("status", "phase");
                    Phase phase =
                        phaseName == null ? Phase.Pending : Phase.valueOf(phaseName.toString());
                    if (phase.isTerminal() && terminal.putIfAbsent(name, phase) == null) {
                      allTerminal.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      double operatorCpuBefore = cpuSeconds(operator.pid());
      double serverCpuBefore = cpuSeconds(ProcessHandle.current().pid());
      var sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> maxRss.accumulateAndGet(rssKb(operator.pid()), Math::max),
          0,
          200,
          TimeUnit.MILLISECONDS);
      ExecutorService senders = Executors.newFixedThreadPool(8);
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (int i = 0; i < count; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String name = REQUEST_PREFIX + i;
        // One in ten asks for more than the policy allows and is denied; the rest are dry runs.
        ActionRequests request =
            i % 10 == 0
                ? ActionRequests.scale("web-" + (i % targets), 500)
                : ActionRequests.scale("web-" + (i % targets), 3).dryRun();
        ActionRequest object = request.named(name).in(NAMESPACE).build();
        senders.execute(
            () -> {
              sent.put(name, System.nanoTime());
              client.resource(object).create();
            });
      }
      senders.shutdown();
      boolean done = allTerminal.await(10, TimeUnit.MINUTES);
      long end =
          decided.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
      sampler.shutdownNow();
      if (!done) {
        System.err.printf(
            "only %d of %d requests became terminal within 10 minutes%n", terminal.size(), count);
      }
      List<Long> latencies = new ArrayList<>();
      List<Long> warm = new ArrayList<>();
      decided.forEach(
          (name, at) -> {
            long latency = at - sent.getOrDefault(name, at);
            latencies.add(latency);
            if (Integer.parseInt(name.substring(REQUEST_PREFIX.length())) >= count / 10) {
              warm.add(latency);
            }
          });
      Map<Phase, Integer> phases = new ConcurrentHashMap<>();
      terminal.values().forEach(p -> phases.merge(p, 1, Integer::sum));
      return new Result(
          latencies.stream().mapToLong(Long::longValue).toArray(),
          warm.stream().mapToLong(Long::longValue).toArray(),
          (end - start) / 1e9,
          maxRss.get(),
          terminal.size(),
          phases,
          cpuSeconds(operator.pid()) - operatorCpuBefore,
          cpuSeconds(ProcessHandle.current().pid()) - serverCpuBefore);
    }
  }

  /** User plus system CPU time of a process so far, from /proc (clock ticks of 1/100 s). */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static void print(
      int count, int rate, int targets, long[] rawEmpty, long[] raw, Result result) {
    long[] decisions = result.decisionNanos();
    long[] warm = result.warmNanos();
    Arrays.sort(warm);
    Arrays.sort(rawEmpty);
    Arrays.sort(raw);
    Arrays.sort(decisions);
    System.out.printf(
        "%nLoad benchmark: %d ActionRequests at %d/s over %d Deployments, operator in its own JVM"
            + " (%s), embedded API server; %d cores, %s%n",
        count,
        rate,
        targets,
        OPERATOR_JVM,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"));
    System.out.printf("| measure | p50 | p99 | p99.9 |%n|---|---|---|---|%n");
    row(
        "raw round trip (create + watch event + status patch) on the empty server",
        rawEmpty,
        "ops");
    row("raw round trip on the server as the load left it", raw, "ops");
    row("decision latency (create → decision in status)", decisions, "requests");
    row("decision latency after the first tenth (operator JVM warm)", warm, "requests");
    System.out.printf(
        "%np99 ratio decision/raw (server as the load left it): %.2f, warm: %.2f (goal ≤ 2)%n"
            + "throughput: %.0f decisions/s (goal ≥ 1000)%n"
            + "operator max RSS: %.0f MB (goal ≤ 256)%nterminal: %d of %d %s%n"
            + "CPU during the load: operator %.1f s, API server and load generator %.1f s, over"
            + " %.1f s%n"
            + "CPU per decision: operator %.2f ms (at most %.0f decisions/s per core),"
            + " API server and load generator %.2f ms%n",
        percentile(decisions, 99) / (double) Math.max(1, percentile(raw, 99)),
        percentile(warm, 99) / (double) Math.max(1, percentile(raw, 99)),
        decisions.length / result.seconds(),
        result.maxRssKb() / 1024.0,
        result.terminal(),
        count,
        result.phases(),
        result.operatorCpuSeconds(),
        result.serverCpuSeconds(),
        result.seconds(),
        perDecisionMs(result.operatorCpuSeconds(), decisions.length),
        decisions.length / Math.max(0.001, result.operatorCpuSeconds()),
        perDecisionMs(result.serverCpuSeconds(), decisions.length));
  }

  /** One table row: what, how many, and the p50, p99 and p99.9 of {@code sorted}. */
  private static void row(String measure, long[] sorted, String unit) {
    System.out.printf(
        "| %s, %d %s | %s | %s | %s |%n",
        measure,
        sorted.length,
        unit,
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 99)),
        ms(percentile(sorted, 99.9)));
  }

  private static double perDecisionMs(double cpuSeconds, int decisions) {
    return decisions == 0 ? 0 : cpuSeconds * 1000 / decisions;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }
}
