package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.NAMESPACE;
import static dev.countersign.mcp.DoorHarness.call;
import static dev.countersign.mcp.DoorHarness.scaleWeb;

import dev.countersign.fixtures.ActionRequests;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * What the door costs: request_scale through MCP (TokenReview, checks, create) against a plain
 * ActionRequest create by the agent on the same embedded API server (goal: at most 2x), and
 * check_action (policies, facts and the core's decision). Prints figures, asserts nothing; {@code
 * -Dbench.mcp.count=N} calls each (default 200, after 20 warm-up calls).
 */
class McpDoorBench {
  private static final int COUNT = Integer.getInteger("bench.mcp.count", 200);
  private static final int WARMUP = 20;

  @Test
  void requestScaleAgainstAPlainCreateAndCheckAction() {
    measureOn(
        "the API server over TLS, as every real one speaks", ServerOptions.defaults().withTls());
    measureOn("the API server over plain HTTP (no real one does)", ServerOptions.defaults());
  }

  private static void measureOn(String server, ServerOptions options) {
    try (DoorHarness cluster =
        DoorHarness.start(DoorConfig.defaults().withLimits(1_000_000, 64), options)) {
      cluster.api.bind("countersign-agent", NAMESPACE, AGENT);
      var direct = cluster.api.as(AGENT);
      McpSyncClient agent = cluster.agent();
      double[] plain =
          measure(
              i ->
                  direct
                      .resource(
                          ActionRequests.scale("web", 1 + i % 9)
                              .in(NAMESPACE)
                              .named("plain-" + i)
                              .build())
                      .create(),
              true);
      double[] ping = measure(i -> agent.ping(), false);
      double[] viaMcp =
          measure(
              i -> succeeded(agent.callTool(call("request_scale", scaleWeb(1 + i % 9)))), false);
      double[] check =
          measure(
              i ->
                  succeeded(
                      agent.callTool(
                          call(
                              "check_action",
                              Map.of(
                                  "action",
                                  "scale",
                                  "namespace",
                                  NAMESPACE,
                                  "name",
                                  "web",
                                  "replicas",
                                  1 + i % 9)))),
              false);
      System.out.printf(
          "%nMCP door, %s (%d calls each, after %d warm-up; machine load %s; figures measured"
              + " under load are indicative only)%n",
          server, COUNT, WARMUP, load());
      print("plain ActionRequest create", plain);
      print("MCP ping (the protocol alone)", ping);
      print("request_scale via MCP", viaMcp);
      print("check_action via MCP", check);
      System.out.printf(
          "request_scale / plain create: p50 %.1fx, p99 %.1fx (goal <= 2x)%n",
          percentile(viaMcp, 50) / percentile(plain, 50),
          percentile(viaMcp, 99) / percentile(plain, 99));
      agent.close();
    }
  }

  /** A figure of failed calls would mean nothing: the bench stops at the first. */
  private static void succeeded(io.modelcontextprotocol.spec.McpSchema.CallToolResult result) {
    if (result.isError()) {
      throw new IllegalStateException("a measured call failed: " + result.content());
    }
  }

  /** Milliseconds per call; a plain create needs a unique name, so each call is numbered. */
  private static double[] measure(IntConsumer call, boolean uniqueNames) {
    for (int i = 0; i < WARMUP; i++) {
      call.accept(uniqueNames ? 100_000 + i : i);
    }
    double[] millis = new double[COUNT];
    for (int i = 0; i < COUNT; i++) {
      long started = System.nanoTime();
      call.accept(uniqueNames ? 200_000 + i : i);
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  private static double percentile(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static void print(String what, double[] sorted) {
    System.out.printf(
        "%-28s p50 %7.2f ms  p99 %7.2f ms%n", what, percentile(sorted, 50), percentile(sorted, 99));
  }

  private static String load() {
    return String.format(
        "%.2f on %d cores",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }
}
