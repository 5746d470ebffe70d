package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code countersign test} on 1,000 cases against 1,000 policies in one run, timed wall to wall
 * with the JVM's start (the launcher script is run as a child process, as a user or CI runs it).
 * The goal is under 2 s; the figures are printed, never asserted (run by {@code make bench}). It
 * checks only that every case ran and passed.
 *
 * <p>The policies are one file each: policy i lets agent i scale Deployments in namespace {@code
 * ns-(i mod 20)} between 2 and 20 replicas, so each namespace has 50 candidate policies of which
 * the subject check keeps one. Case i scales web in that namespace to {@code (i mod 30) + 1}:
 * Allowed, BelowMin or AboveMax.
 */
class CountersignBench {
  static final int POLICIES = 1000;
  static final int CASES = 1000;
  static final int NAMESPACES = 20;
  static final int RUNS = 5;

  @Test
  void timesAThousandCasesAgainstAThousandPolicies() throws Exception {
    Path dir = Files.createTempDirectory("countersign-bench");
    write(dir);
    Path cache = Files.createTempDirectory("countersign-bench-cache");
    System.out.printf(
        Locale.ROOT,
        "countersign test: %d cases x %d policies, wall time incl. JVM start (%d cores, load %s)%n",
        CASES,
        POLICIES,
        Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim());
    for (int run = 1; run <= RUNS; run++) {
      long start = System.nanoTime();
      CliRun result = launch(dir, cache);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).contains(CASES + " passed, 0 failed");
      System.out.printf(
          Locale.ROOT,
          "  run %d: %d ms%s%n",
          run,
          millis,
          run == 1 ? " (first run: also writes the class-data archive)" : "");
    }
  }

  private static CliRun launch(Path dir, Path cache) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                CountersignLauncherIT.LAUNCHER.toString(),
                "test",
                dir.resolve("bench.countersign-test.yaml").toString())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    return new CliRun(process.waitFor(), out, out);
  }

  private static void write(Path dir) throws IOException {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    for (int i = 0; i < POLICIES; i++) {
      Files.writeString(
          policies.resolve("agent-" + i + ".yaml"),
          """
          apiVersion: countersign.dev/v1alpha1
          kind: AgentPolicy
          metadata: {name: agent-%d}
          spec:
            subjects: {serviceAccounts: [{namespace: agents, name: agent-%d}]}
            targets: {namespaces: [ns-%d], kinds: [Deployment]}
            rules: [{action: scale, scale: {minReplicas: 2, maxReplicas: 20}}]
          """
              .formatted(i, i, i % NAMESPACES));
    }
    StringBuilder test = new StringBuilder();
    test.append(
        """
        apiVersion: cli.countersign.dev/v1alpha1
        kind: PolicyTest
        metadata: {name: bench}
        policies: [policies]
        fixtures:
          now: {instant: "2026-12-02T10:00:00Z"}
          workloads:
        """);
    for (int n = 0; n < NAMESPACES; n++) {
      test.append(
          "    - {kind: Deployment, name: web, namespace: ns-%d, replicas: 4}\n".formatted(n));
    }
    test.append("cases:\n");
    for (int i = 0; i < CASES; i++) {
      int agent = i % POLICIES;
      int replicas = (i % 30) + 1;
      String expect =
          replicas < 2
              ? "{verdict: Denied, reasonCodes: [BelowMin]}"
              : replicas > 20
                  ? "{verdict: Denied, reasonCodes: [AboveMax]}"
                  : "{verdict: Allowed, reasonCodes: [Allowed], policies: [agent-%d]}"
                      .formatted(agent);
      test.append(
          """
            - name: case-%d
              request:
                namespace: ns-%d
                spec: {requester: "system:serviceaccount:agents:agent-%d", action: scale,
                       target: {kind: Deployment, name: web}, scale: {replicas: %d}}
              expect: %s
          """
              .formatted(i, agent % NAMESPACES, agent, replicas, expect));
    }
    Files.writeString(dir.resolve("bench.countersign-test.yaml"), test.toString());
  }
}
