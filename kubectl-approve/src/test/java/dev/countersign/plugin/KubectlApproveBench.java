package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.fixtures.ActionRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench} for the plugin: times the installed-style script ({@code
 * src/main/plugin/kubectl-approve} on {@code target/kubectl-approve/lib}) for {@code --help} and
 * for listing 1,000 pending requests on the mock server, under several JVM start-up settings, and
 * prints the figures. Not a test (no timing is asserted; the name keeps it out of {@code mvn
 * verify}); it checks only that every run succeeded and listed all 1,000. Needs {@code mvn package}
 * first.
 */
class KubectlApproveBench {
  static final int REQUESTS = 1000;
  static final int RUNS = 7;

  /** Name → COUNTERSIGN_PLUGIN_JAVA_OPTS; null means the script's own defaults. */
  static final Map<String, String> SETTINGS =
      new java.util.LinkedHashMap<>(
          Map.of(
              "script defaults (AOT cache on Java 25+, else AppCDS; C1; SerialGC)", "\u0000",
              "plain JVM (default CDS only)", "",
              "no class data sharing (-Xshare:off)", "-Xshare:off",
              "C1 only, default CDS (-XX:TieredStopAtLevel=1)", "-XX:TieredStopAtLevel=1"));

  @Test
  void timesHelpAndListingAThousandPendingRequests() throws Exception {
    Path script = Path.of("src/main/plugin/kubectl-approve").toAbsolutePath();
    Path lib = Path.of("target/kubectl-approve/lib").toAbsolutePath();
    try (var jars = Files.list(lib)) {
      // The plugin's own jar, beside its dependencies (the module has been kubectl-approve since
      // the reactor split; the bench looked for the old single module's countersign-*.jar).
      assertThat(jars.map(j -> j.getFileName().toString()))
          .as("run mvn package first")
          .anyMatch(name -> name.startsWith("kubectl-approve-") && name.endsWith(".jar"));
    }
    Path cache = Files.createTempDirectory("kubectl-approve-bench");
    try (PluginHarness cluster = PluginHarness.start()) {
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        cluster.awaiting(
            ActionRequests.scale("web-" + i, 3).named("scale-web-" + i).build(),
            PluginHarness.approvers(List.of("alice"), List.of()));
      }
      System.out.printf(
          "created %d pending requests in %d ms%n",
          REQUESTS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      long first =
          run(script, lib, cache, "\u0000", List.of("--help"), -1); // trains, makes the archive
      System.out.printf("first run after install (training run makes the archive): %d ms%n", first);
      System.out.printf(
          "%-55s %-6s %8s %8s %8s%n", "JVM setting", "what", "min ms", "median", "max");
      for (var setting : SETTINGS.entrySet()) {
        for (String what : List.of("help", "list")) {
          List<String> args =
              what.equals("help")
                  ? List.of("--help")
                  : List.of("--kubeconfig", cluster.kubeconfig.toString());
          int lines = what.equals("help") ? -1 : REQUESTS + 1;
          run(script, lib, cache, setting.getValue(), args, lines); // warm-up (page cache)
          List<Long> millis = new ArrayList<>();
          for (int r = 0; r < RUNS; r++) {
            millis.add(run(script, lib, cache, setting.getValue(), args, lines));
          }
          Collections.sort(millis);
          System.out.printf(
              "%-55s %-6s %8d %8d %8d%n",
              setting.getKey(), what, millis.get(0), millis.get(RUNS / 2), millis.get(RUNS - 1));
        }
      }
    }
  }

  private static long run(
      Path script, Path lib, Path cache, String javaOpts, List<String> args, int expectLines)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    builder.environment().put("COUNTERSIGN_PLUGIN_LIB", lib.toString());
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    if (!"\u0000".equals(javaOpts)) {
      builder.environment().put("COUNTERSIGN_PLUGIN_JAVA_OPTS", javaOpts);
    }
    long start = System.nanoTime();
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(code).as("exit code; stderr: %s", err).isZero();
    if (expectLines > 0) {
      assertThat(out.lines().count()).as("lines listed").isEqualTo(expectLines);
    }
    return millis;
  }
}
