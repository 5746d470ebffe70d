package dev.countersign.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.image.OperatorJvm;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark of {@code make bench}: the packaged operator, in its own JVM with the
 * container image's flags, against the embedded API server over TLS, authenticated with its
 * ServiceAccount's bearer token and authorized by the chart's RBAC, as on a cluster.
 *
 * <p>It measures the raw round trip of a trivial client first (create an ActionRequest, see it in a
 * watch, patch its status), back to back and then at each offered rate for as many requests, the
 * baseline of that rate's decisions; starts the operator, and as soon as {@code /q/health/ready} is
 * UP sends dry-run scale requests (one in ten over the policy's limit, so denied) at each offered
 * rate in turn ({@code -Dbench.rates}, default 20 and 100 per second, {@code -Dbench.count} each,
 * default 1,000), then fills the cache up to {@code -Dbench.cached} requests (default 10,000) as
 * fast as the operator decides them. For each rate it prints the decision latency (create →
 * decision in status) over the whole run, against the raw round trip, the operator's CPU per
 * decision, the API calls it made per decision by kind, and its resident memory. {@code
 * -Dbench.jfr=true} records the operator with JFR and prints where its CPU went; {@code
 * -Dbench.histogram=true} writes its heap histogram with the cache full, {@code -Dbench.nmt=true}
 * its native memory by area (Native Memory Tracking) with the cache full. {@code
 * -Doperator.jvm.extra} adds JVM flags, e.g. an AOT cache to compare.
 */
class LoadBench {
  private static final String REQUEST_PREFIX = "req-";

  /** Threads that send the load's requests, side by side when the rate asks for it. */
  private static final int SENDERS = 8;

  private static final Path JFR = Path.of("target/load-bench.jfr");
  private static final Path HISTOGRAM = Path.of("target/load-bench-histogram.txt");
  private static final Path NATIVE_MEMORY = Path.of("target/load-bench-native-memory.txt");
  private static final int IDLE_SECONDS = 10;

  /**
   * The operator's JVM flags: the container image's, sized by the chart's memory limit as in a pod
   * (-Doperator.jvm replaces them, -Doperator.jvm.extra adds to them).
   */
  static final String OPERATOR_JVM =
      (System.getProperty(
                  "operator.jvm",
                  String.join(" ", OperatorJvm.FLAGS) + " " + OperatorJvm.CHART_MEMORY_LIMIT)
              + " "
              + System.getProperty("operator.jvm.extra", ""))
          .strip();

  @Test
  void decisionsUnderLoad() throws Exception {
    int count = Integer.getInteger("bench.count", 1_000);
    List<Integer> rates =
        Arrays.stream(System.getProperty("bench.rates", "20,100").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    int cached = Integer.getInteger("bench.cached", 10_000);
    int targets = Integer.getInteger("bench.targets", 100);
    boolean jfr = Boolean.getBoolean("bench.jfr");
    // The JVM takes one archive at a time (-XX:AOTCache or -XX:SharedArchiveFile); say so before
    // the training runs rather than have the measured run fail to start.
    assertThat(Boolean.getBoolean("bench.aot") && Boolean.getBoolean("bench.cds"))
        .as("-Dbench.aot=true and -Dbench.cds=true measure two different archives: give one")
        .isFalse();
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    assertThat(jar)
        .as("the packaged operator (the bench profile packages it first)")
        .isRegularFile();
    // The operator's token, known before the server starts so that its calls can be counted.
    String token = "load-bench-" + UUID.randomUUID();
    ApiCalls calls = new ApiCalls(token);
    try (EmbeddedApiServer api =
            EmbeddedApiServer.start(ServerOptions.defaults().withTls().around(calls::around));
        KubernetesClient client = api.client()) {
      api.access().authenticator().register(token, Identities.OPERATOR);
      // The agent files every request as itself, as admission demands; the admin watches.
      KubernetesClient agent = api.as(Identities.named(ActionRequests.AGENT));
      long[] rawEmpty = rawRoundTrips(api, agent, Math.min(1_000, count), "raw-empty", 0);
      // The same trivial client at each offered rate, for as long as the load at that rate lasts:
      // paced, it meets the same idle wake-ups and the same pauses of the server's JVM as the
      // decisions do, which a back-to-back run of a few seconds mostly misses.
      // A rate may come twice (20,100,20: what a decision costs once the JVM is warm); its
      // baseline is measured once.
      Map<Integer, long[]> rawPaced = new LinkedHashMap<>();
      for (int rate : new LinkedHashSet<>(rates)) {
        rawPaced.put(rate, rawRoundTrips(api, agent, count, "raw-at-" + rate, rate));
      }
      List<String> namespaces = new ArrayList<>();
      for (String tag : runTags(rates)) {
        namespaces.add(setUp(api, "load-" + tag, targets));
      }
      String fill = setUp(api, "load-fill", targets);
      List<String> extra = new ArrayList<>();
      if (Boolean.getBoolean("bench.aot")) {
        Path cache = train(api, agent, jar, token, calls, targets, "AOT cache", "AOTCacheOutput");
        extra.add("-XX:AOTCache=" + cache);
      }
      if (Boolean.getBoolean("bench.cds")) {
        Path archive =
            train(
                api,
                agent,
                jar,
                token,
                calls,
                targets,
                "class-data archive",
                "ArchiveClassesAtExit");
        extra.add("-XX:SharedArchiveFile=" + archive);
      }
      boolean nmt = Boolean.getBoolean("bench.nmt");
      if (nmt) {
        extra.add("-XX:NativeMemoryTracking=summary");
      }
      int port = freePort();
      long started = System.nanoTime();
      Process operator = startOperator(jar, api.url(), token, port, extra);
      List<Result> results = new ArrayList<>();
      Result filled = null;
      double readySeconds;
      double idleCpuMsPerSecond;
      try {
        awaitReady(port);
        readySeconds = (System.nanoTime() - started) / 1e9;
        if (jfr) {
          // The load alone, not the start-up: that is what costs per decision.
          jcmd(operator, "JFR.start", "name=load", "settings=profile");
        }
        for (int i = 0; i < rates.size(); i++) {
          results.add(
              load(
                  client,
                  agent,
                  ActionRequests.AGENT,
                  operator,
                  calls,
                  namespaces.get(i),
                  count,
                  rates.get(i),
                  targets,
                  REQUEST_PREFIX));
        }
        // What the operator spends with nothing to decide, warm and with the rates' requests
        // cached: the part of each rate's CPU per decision that is not the decisions'.
        idleCpuMsPerSecond = idleCpuMsPerSecond(operator, IDLE_SECONDS);
        int rest = cached - count * rates.size();
        if (rest > 0) {
          filled =
              load(
                  client,
                  agent,
                  ActionRequests.AGENT,
                  operator,
                  calls,
                  fill,
                  rest,
                  1_000,
                  targets,
                  REQUEST_PREFIX);
        }
        if (jfr) {
          jcmd(operator, "JFR.stop", "name=load", "filename=" + JFR.toAbsolutePath());
        }
        if (Boolean.getBoolean("bench.histogram")) {
          // What the heap holds with the cache full (a full collection first: live objects only).
          Files.writeString(HISTOGRAM, jcmd(operator, "GC.class_histogram"));
          System.out.printf("heap histogram with the cache full: %s%n", HISTOGRAM.toAbsolutePath());
        }
        if (nmt) {
          Files.writeString(
              NATIVE_MEMORY,
              jcmd(operator, "VM.native_memory", "summary", "scale=MB")
                  + "\n/proc status of the operator's JVM:\n"
                  + Files.readString(Path.of("/proc", Long.toString(operator.pid()), "status")));
          System.out.printf(
              "native memory with the cache full: %s%n", NATIVE_MEMORY.toAbsolutePath());
        }
      } finally {
        operator.destroy();
        operator.waitFor(30, TimeUnit.SECONDS);
      }
      // The same trivial client again, now that the server holds what the load left behind.
      long[] rawFull = rawRoundTrips(api, agent, Math.min(1_000, count), "raw-full", 0);
      print(targets, readySeconds, rawEmpty, rawFull, rawPaced, results, filled);
      System.out.printf(
          "operator CPU while idle (%d s after the rates, before the fill): %.1f ms per second;"
              + " of each decision's CPU that is %s%n",
          IDLE_SECONDS,
          idleCpuMsPerSecond,
          rates.stream()
              .map(r -> String.format("%.2f ms at %d/s", idleCpuMsPerSecond / r, r))
              .collect(java.util.stream.Collectors.joining(", ")));
      if (jfr) {
        printProfile();
      }
    }
  }

  /**
   * The baseline: create, watch event, status patch; no operator running. One at a time, {@code
   * rate} per second (0: each as soon as the one before has its answer).
   */
  private static long[] rawRoundTrips(
      EmbeddedApiServer api, KubernetesClient agent, int n, String namespace, int rate)
      throws Exception {
    KubernetesClient client = api.client();
    client.resource(TestWorkloads.namespace(namespace)).create();
    api.bind("countersign-agent", namespace, Identities.named(ActionRequests.AGENT));
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
      long first = System.nanoTime();
      for (int i = 0; i < n; i++) {
        awaitTurn(first, i, rate);
        String name = "raw-" + i;
        CountDownLatch latch = new CountDownLatch(1);
        seen.put(name, latch);
        long start = System.nanoTime();
        agent.resource(ActionRequests.scale("web-0", 2).named(name).in(namespace).build()).create();
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

  /**
   * One name part for each rate's run, unique when a rate comes more than once: 20,100,20 gives
   * "20", "100", "20-2".
   */
  static List<String> runTags(List<Integer> rates) {
    Map<Integer, Integer> seen = new HashMap<>();
    return rates.stream()
        .map(
            rate -> {
              int nth = seen.merge(rate, 1, Integer::sum);
              return nth == 1 ? Integer.toString(rate) : rate + "-" + nth;
            })
        .toList();
  }

  /**
   * Waits until the {@code i}-th of a series sent {@code rate} per second from {@code first} is due
   * (0: at once).
   */
  static void awaitTurn(long first, int i, int rate) throws InterruptedException {
    long wait = rate == 0 ? 0 : first + i * (1_000_000_000L / rate) - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** A namespace with {@code targets} Deployments and a policy that allows scaling them to 100. */
  private static String setUp(EmbeddedApiServer api, String namespace, int targets) {
    KubernetesClient client = api.client();
    client.resource(TestWorkloads.namespace(namespace)).create();
    api.bind("countersign-agent", namespace, Identities.named(ActionRequests.AGENT));
    for (int i = 0; i < targets; i++) {
      client.resource(TestWorkloads.deployment(namespace, "web-" + i, 2, "nginx:1.27")).create();
    }
    client.resource(AgentPolicies.forNamespace(namespace).allowScale(1, 100).build()).create();
    return namespace;
  }

  /**
   * A training run for an archive the JVM writes as it exits: the JDK 25 AOT cache (JEP 483/515:
   * the classes loaded and linked, the methods' profiles; {@code -XX:AOTCacheOutput}) or a dynamic
   * class-data archive (the classes only; {@code -XX:ArchiveClassesAtExit}). The operator decides a
   * short load in its own namespace and is stopped. The measured run must use the same jar,
   * unchanged since, or the JVM refuses the archive ("shared class paths mismatch").
   */
  private static Path train(
      EmbeddedApiServer api,
      KubernetesClient agent,
      Path jar,
      String token,
      ApiCalls calls,
      int targets,
      String what,
      String writeFlag)
      throws Exception {
    Path cache = Path.of("target/operator-" + writeFlag + ".archive").toAbsolutePath();
    Files.deleteIfExists(cache);
    String namespace = setUp(api, "load-training-" + writeFlag.toLowerCase(), targets);
    int port = freePort();
    Process operator =
        startOperator(jar, api.url(), token, port, List.of("-XX:" + writeFlag + "=" + cache));
    try {
      awaitReady(port);
      load(
          api.client(),
          agent,
          ActionRequests.AGENT,
          operator,
          calls,
          namespace,
          1_000,
          100,
          targets,
          REQUEST_PREFIX);
    } finally {
      operator.destroy();
      operator.waitFor(120, TimeUnit.SECONDS);
    }
    assertThat(cache).as("the " + what + " the training run writes at exit").isRegularFile();
    System.out.printf(
        "%s from a training run of 1,000 requests: %,d bytes%n", what, Files.size(cache));
    return cache;
  }

  /** Runs a diagnostic command in the operator's JVM (the same user may attach). */
  private static String jcmd(Process operator, String... command) throws Exception {
    List<String> line =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(operator.pid())));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + output);
    }
    return output;
  }

  private static Process startOperator(
      Path jar, String url, String token, int port, List<String> extraFlags) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(List.of(OPERATOR_JVM.split(" +")));
    command.addAll(extraFlags);
    command.addAll(
        List.of(
            "-Dquarkus.kubernetes-client.api-server-url=" + url,
            // The embedded server's certificate is self-signed; TLS is still negotiated and every
            // byte encrypted, which is what the benchmark measures.
            "-Dquarkus.kubernetes-client.trust-certs=true",
            // The chart's ServiceAccount, as a pod's projected token gives it.
            "-Dquarkus.kubernetes-client.token=" + token,
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.log.level=WARN",
            "-Dquarkus.log.category.\"countersign.audit\".level=WARN",
            "-jar",
            jar.toString()));
    return new ProcessBuilder(command)
        .redirectOutput(Path.of("target/load-bench-operator.log").toFile())
        .redirectErrorStream(true)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until the operator's readiness probe, the one a Deployment's Service waits for, is UP.
   */
  private static void awaitReady(int port) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the operator's HTTP server is not up yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "the operator was not ready within 120s: see target/load-bench-operator.log");
  }

  /**
   * @param decisionNanos create → decision, every request
   * @param warmNanos the same for the requests after the first tenth, once the operator's JVM has
   *     compiled its hot code
   */
  record Result(
      int rate,
      long[] decisionNanos,
      long[] warmNanos,
      double seconds,
      long maxRssKb,
      int terminal,
      Map<Phase, Integer> phases,
      double operatorCpuSeconds,
      double serverCpuSeconds,
      Map<String, Long> calls,
      String slowest) {}

  /**
   * Sends {@code count} requests at {@code rate} per second into the namespace as {@code agent} (by
   * {@code requester}) and measures each until its decision shows in a watch; {@code operator} (for
   * CPU and memory) and {@code calls} may be null where they cannot be seen.
   */
  static Result load(
      KubernetesClient client,
      KubernetesClient agent,
      String requester,
      Process operator,
      ApiCalls calls,
      String namespace,
      int count,
      int rate,
      int targets,
      String prefix)
      throws Exception {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    Map<String, Long> created = new ConcurrentHashMap<>();
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
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource request) {
                    long now = System.nanoTime();
                    String name = request.getMetadata().getName();
                    if (!name.startsWith(prefix)) {
                      return; // an earlier run's request in the same namespace
                    }
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
      Map<String, Long> callsBefore = calls == null ? Map.of() : calls.snapshot();
      double operatorCpuBefore = operator == null ? 0 : cpuSeconds(operator.pid());
      double serverCpuBefore = cpuSeconds(ProcessHandle.current().pid());
      var sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> maxRss.accumulateAndGet(operator == null ? 0 : rssKb(operator.pid()), Math::max),
          0,
          200,
          TimeUnit.MILLISECONDS);
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      openConnections(agent, namespace, senders);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        awaitTurn(start, i, rate);
        String name = prefix + i;
        // Dry runs only (safe on any cluster); one in ten asks for more than the policy allows.
        ActionRequest object =
            ActionRequests.scale("web-" + (i % targets), i % 10 == 0 ? 500 : 3)
                .dryRun()
                .by(requester)
                .named(name)
                .in(namespace)
                .build();
        senders.execute(
            () -> {
              long at = System.nanoTime();
              sent.put(name, at);
              agent.resource(object).create();
              created.put(name, System.nanoTime() - at);
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
            if (Integer.parseInt(name.substring(prefix.length())) >= count / 10) {
              warm.add(latency);
            }
          });
      Map<Phase, Integer> phases = new ConcurrentHashMap<>();
      terminal.values().forEach(p -> phases.merge(p, 1, Integer::sum));
      // Which requests were slowest, by the order they were sent in: a warm-up tail shows as low
      // numbers.
      String slowest =
          decided.entrySet().stream()
              .map(
                  e ->
                      Map.entry(
                          e.getKey(), e.getValue() - sent.getOrDefault(e.getKey(), e.getValue())))
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(12)
              .map(
                  e ->
                      "#"
                          + e.getKey().substring(prefix.length())
                          + " "
                          + ms(e.getValue())
                          + " (create "
                          + ms(created.getOrDefault(e.getKey(), 0L))
                          + ")")
              .collect(java.util.stream.Collectors.joining(", "));
      return new Result(
          rate,
          latencies.stream().mapToLong(Long::longValue).toArray(),
          warm.stream().mapToLong(Long::longValue).toArray(),
          (end - start) / 1e9,
          maxRss.get(),
          terminal.size(),
          phases,
          operator == null ? 0 : cpuSeconds(operator.pid()) - operatorCpuBefore,
          cpuSeconds(ProcessHandle.current().pid()) - serverCpuBefore,
          calls == null ? Map.of() : ApiCalls.since(callsBefore, calls.snapshot()),
          slowest);
    }
  }

  /**
   * Has the agent's client open the connections its senders will share before the clock starts, as
   * an agent that has been running has them: otherwise the first second at a higher rate paid for
   * TLS handshakes at both ends of the load generator's own new connections (creates of 50-190 ms),
   * which is no cost of the operator's. Every sender reads a request that does not exist, all at
   * once.
   */
  private static void openConnections(
      KubernetesClient agent, String namespace, ExecutorService senders) throws Exception {
    CountDownLatch together = new CountDownLatch(SENDERS);
    List<java.util.concurrent.Future<ActionRequest>> reads = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      reads.add(
          senders.submit(
              () -> {
                together.countDown();
                together.await(10, TimeUnit.SECONDS);
                return agent
                    .resources(ActionRequest.class)
                    .inNamespace(namespace)
                    .withName("no-such-request")
                    .get();
              }));
    }
    for (var read : reads) {
      read.get(30, TimeUnit.SECONDS);
    }
  }

  /** The operator's CPU while nothing is asked of it for {@code seconds}, per second. */
  private static double idleCpuMsPerSecond(Process operator, int seconds)
      throws InterruptedException {
    double before = cpuSeconds(operator.pid());
    TimeUnit.SECONDS.sleep(seconds);
    return (cpuSeconds(operator.pid()) - before) * 1000 / seconds;
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
      int targets,
      double readySeconds,
      long[] rawEmpty,
      long[] raw,
      Map<Integer, long[]> rawPaced,
      List<Result> results,
      Result filled) {
    Arrays.sort(rawEmpty);
    Arrays.sort(raw);
    rawPaced.values().forEach(Arrays::sort);
    System.out.printf(
        "%nLoad benchmark: dry-run scale requests (one in ten over the policy's limit, so denied) over %d Deployments; the"
            + " packaged operator in its own JVM (%s) against the embedded API server over TLS with"
            + " its ServiceAccount's token and the chart's RBAC; %d cores, %s, Java %s; ready %.1f s"
            + " after start, load from then on%n",
        targets,
        OPERATOR_JVM,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        Runtime.version(),
        readySeconds);
    StringBuilder paced = new StringBuilder();
    rawPaced.forEach(
        (rate, nanos) ->
            paced.append(
                String.format(
                    "; at %d/s (%d, before the operator started) p50 %s p99 %s",
                    rate, nanos.length, ms(percentile(nanos, 50)), ms(percentile(nanos, 99)))));
    System.out.printf(
        "raw round trip (create + watch event + status patch, TLS): back to back, empty server p50"
            + " %s p99 %s; back to back, as the load left it p50 %s p99 %s%s%n",
        ms(percentile(rawEmpty, 50)),
        ms(percentile(rawEmpty, 99)),
        ms(percentile(raw, 50)),
        ms(percentile(raw, 99)),
        paced);
    System.out.printf(
        "| offered | decided/s | decision p50 / p99 (whole run) | p99 after the first tenth |"
            + " p99 ÷ raw p99 at that rate (goal ≤ 2) | operator CPU per decision (goal ≤ 1 ms) | API calls per"
            + " decision | max RSS |%n|---|---|---|---|---|---|---|---|%n");
    List<Result> all = new ArrayList<>(results);
    if (filled != null) {
      all.add(filled);
    }
    for (Result result : all) {
      long[] decisions = result.decisionNanos();
      long[] warm = result.warmNanos();
      Arrays.sort(decisions);
      Arrays.sort(warm);
      long callCount = result.calls().values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          "| %s, %d requests | %.0f | %s / %s | %s | %.2f | %.2f ms | %.2f | %.0f MB |%n",
          result == filled ? "cache fill at up to " + result.rate() + "/s" : result.rate() + "/s",
          decisions.length,
          decisions.length / result.seconds(),
          ms(percentile(decisions, 50)),
          ms(percentile(decisions, 99)),
          ms(percentile(warm, 99)),
          percentile(decisions, 99)
              / (double) Math.max(1, percentile(rawPaced.getOrDefault(result.rate(), raw), 99)),
          perDecisionMs(result.operatorCpuSeconds(), decisions.length),
          callCount / (double) Math.max(1, decisions.length),
          result.maxRssKb() / 1024.0);
    }
    for (Result result : all) {
      int decided = Math.max(1, result.decisionNanos().length);
      StringBuilder line = new StringBuilder();
      result
          .calls()
          .forEach(
              (kind, n) -> line.append(String.format(" %s %.2f;", kind, n / (double) decided)));
      System.out.printf(
          "API calls per decision at %s/s:%s terminal %d of %d %s; CPU of the API server and load"
              + " generator %.2f ms per decision%n",
          result.rate(),
          line,
          result.terminal(),
          result.decisionNanos().length,
          result.phases(),
          perDecisionMs(result.serverCpuSeconds(), decided));
      printSlowest(result);
    }
    int total = all.stream().mapToInt(r -> r.decisionNanos().length).sum();
    System.out.printf(
        "RSS with %d requests in the operator's cache: %.0f MB (goal ≤ 192)%n",
        total, all.getLast().maxRssKb() / 1024.0);
  }

  /** The slowest requests of a rate, by the order they were sent, with their own create's time. */
  static void printSlowest(Result result) {
    System.out.printf(
        "slowest at %s/s (#n is the n-th request sent; create: how long the agent's create call"
            + " took): %s%n",
        result.rate(), result.slowest());
  }

  private static void printProfile() throws IOException {
    System.out.printf(
        "%nWhere the operator's Java threads spent their CPU (JFR samples, %s):%n", JFR);
    CpuProfile.areas(JFR)
        .forEach((area, share) -> System.out.printf("  %5.1f %%  %s%n", share, area));
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

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }
}
