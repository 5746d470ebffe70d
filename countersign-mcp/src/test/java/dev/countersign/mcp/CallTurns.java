package dev.countersign.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * How the door's benchmarks time calls: in turns (one of each kind, then again), so that the JIT's
 * progress and the machine's load weigh on every kind alike, after unmeasured turns.
 */
final class CallTurns {
  private CallTurns() {}

  /**
   * Milliseconds per call of each of {@code calls}, sorted, {@code count} of each after {@code
   * warmup} unmeasured turns. Each call gets a number of its own (a plain create needs a unique
   * name).
   */
  static double[][] measure(int warmup, int count, IntConsumer... calls) {
    for (int i = 0; i < warmup; i++) {
      for (IntConsumer call : calls) {
        call.accept(100_000 + i);
      }
    }
    double[][] millis = new double[calls.length][count];
    for (int i = 0; i < count; i++) {
      for (int c = 0; c < calls.length; c++) {
        long started = System.nanoTime();
        calls[c].accept(200_000 + i);
        millis[c][i] = (System.nanoTime() - started) / 1e6;
      }
    }
    for (double[] sorted : millis) {
      Arrays.sort(sorted);
    }
    return millis;
  }

  /** A figure of failed calls would mean nothing: the benchmark stops at the first. */
  static void succeeded(McpSchema.CallToolResult result) {
    if (result.isError()) {
      throw new IllegalStateException("a measured call failed: " + result.content());
    }
  }

  static double percentile(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static void print(String what, double[] sorted) {
    System.out.printf(
        "%-30s p50 %7.2f ms  p99 %7.2f ms%n", what, percentile(sorted, 50), percentile(sorted, 99));
  }

  /** request_scale's percentiles over a plain create's, as the goal (≤ 2×) reads them. */
  static void printRatio(double[] viaMcp, double[] plain) {
    System.out.printf(
        "request_scale / plain create: p50 %.1fx, p99 %.1fx (goal <= 2x)%n",
        percentile(viaMcp, 50) / percentile(plain, 50),
        percentile(viaMcp, 99) / percentile(plain, 99));
  }

  static String load() {
    return String.format(
        "%.2f on %d cores",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }
}
