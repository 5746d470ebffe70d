package dev.countersign.testkit.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Queue;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Single-object GET and PATCH against the embedded API server holding few or many objects: before
 * (Fabric8's stock KubernetesMixedDispatcher, which scans the whole store for each lookup) and
 * after (EmbeddedApiServer as shipped, with its name index). One client thread, one request at a
 * time, over HTTP; each target is a random stored ConfigMap; a merge patch changes its data. Not a
 * test (no Test suffix); run it with
 *
 * <p>Run by {@code make bench-embedded}: {@code -Dbench.sizes} (comma-separated store sizes,
 * default 100,30000) and {@code -Dbench.seconds} (measured per cell, default 3, after 1 second of
 * warm-up).
 */
class EmbeddedLookupBench {
  private static final String NAMESPACE = "bench";
  private static final Duration WARMUP = Duration.ofSeconds(1);

  /** Held, so that its level outlives garbage collection: the mock logs every request at INFO. */
  private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

  /** A running server and a way to close it. */
  private record Server(String label, KubernetesClient client, AutoCloseable stop) {}

  @Test
  void lookupsWithManyStoredObjects() throws Exception {
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "100,30000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 3));
    QUIET.setLevel(Level.WARNING);
    System.out.printf(
        "%-8s %8s %-6s %8s %10s %10s %10s %10s %12s%n",
        "server", "objects", "op", "calls", "calls/s", "mean", "p50", "p99", "fill time");
    for (boolean indexed : new boolean[] {false, true}) {
      run(100, indexed, WARMUP, false); // JIT-warms the HTTP path both servers share; not printed
    }
    for (int size : sizes) {
      for (boolean indexed : new boolean[] {false, true}) {
        run(size, indexed, measure, true);
      }
    }
  }

  private static void run(int size, boolean indexed, Duration measure, boolean print)
      throws Exception {
    Server server = indexed ? after() : before();
    try (KubernetesClient client = server.client()) {
      long fill = System.nanoTime();
      for (int i = 0; i < size; i++) {
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("cm-" + i)
                    .addToLabels("app", "bench")
                    .endMetadata()
                    .addToData("k", "v")
                    .build())
            .create();
      }
      String fillTime = String.format("%.1f s", (System.nanoTime() - fill) / 1e9);
      Random random = new Random(42);
      measure(
          server.label(),
          size,
          "GET",
          measure,
          fillTime,
          print,
          i -> client.configMaps().inNamespace(NAMESPACE).withName(pick(random, size)).get());
      measure(
          server.label(),
          size,
          "PATCH",
          measure,
          fillTime,
          print,
          i ->
              client
                  .configMaps()
                  .inNamespace(NAMESPACE)
                  .withName(pick(random, size))
                  .patch(
                      PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"" + i + "\"}}"));
    } finally {
      server.stop().close();
    }
  }

  private static Server before() {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    KubernetesMockServer mock =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    mock.init();
    return new Server("before", mock.createClient(), mock::destroy);
  }

  private static Server after() {
    EmbeddedApiServer api = EmbeddedApiServer.start();
    return new Server("after", api.client(), api);
  }

  private static String pick(Random random, int size) {
    return "cm-" + random.nextInt(size);
  }

  private static void measure(
      String server,
      int size,
      String op,
      Duration measure,
      String fillTime,
      boolean print,
      IntConsumer call) {
    long warmEnd = System.nanoTime() + WARMUP.toNanos();
    int i = 0;
    while (System.nanoTime() < warmEnd) {
      call.accept(i++);
    }
    long[] nanos = new long[1 << 20];
    int calls = 0;
    long start = System.nanoTime();
    long end = start + measure.toNanos();
    long now = start;
    while (now < end && calls < nanos.length) {
      call.accept(i++);
      long after = System.nanoTime();
      nanos[calls++] = after - now;
      now = after;
    }
    long[] sorted = Arrays.copyOf(nanos, calls);
    Arrays.sort(sorted);
    if (!print) {
      return;
    }
    double seconds = (now - start) / 1e9;
    System.out.printf(
        "%-8s %8d %-6s %8d %10.0f %10s %10s %10s %12s%n",
        server,
        size,
        op,
        calls,
        calls / seconds,
        micros(Arrays.stream(sorted).average().orElse(0)),
        micros(sorted[calls / 2]),
        micros(sorted[Math.min(calls - 1, (int) (calls * 0.99))]),
        fillTime);
  }

  private static String micros(double nanos) {
    return String.format("%.0f µs", nanos / 1_000);
  }
}
