package dev.countersign.plugin;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.countersign.fixtures.ActionRequests;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.bench.PairedCommands;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: {@code kubectl approve} (the launcher as installed, on {@code
 * target/kubectl-approve/lib}) against {@code kubectl get areq} listing the same 1,000 pending
 * requests of one namespace, on the same embedded API server over TLS, as the same approver (alice,
 * a bearer token bound to the chart's approver role only), run alternately. Prints the median wall
 * time, CPU time and peak memory of each process and their ratio (the goal: the plugin no slower
 * than kubectl). Not a test: nothing timed is asserted; it checks only that both listed every row.
 * Skipped where no kubectl is on PATH. Needs {@code mvn package} first.
 */
class KubectlApproveVsKubectlBench {
  static final int REQUESTS = Integer.getInteger("bench.list.requests", 1000);
  static final int RUNS = Integer.getInteger("bench.list.runs", 7);

  @Test
  void listsAsFastAsKubectlGet() throws Exception {
    Optional<Path> kubectl = onPath("kubectl");
    assumeTrue(kubectl.isPresent(), "kubectl is not on PATH: the paired listing bench is skipped");
    Path script = Path.of("src/main/plugin/kubectl-approve").toAbsolutePath();
    Path lib = Path.of("target/kubectl-approve/lib").toAbsolutePath();
    Path cache = Files.createTempDirectory("kubectl-approve-bench");
    try (PluginHarness cluster = PluginHarness.start(ServerOptions.defaults().withTls())) {
      Path kubeconfig = fill(cluster, REQUESTS);
      var get = PairedCommands.kubectlGetAreq(kubectl.get(), kubeconfig, REQUESTS);
      var approve =
          new PairedCommands.Command(
              "kubectl approve (launcher defaults)",
              List.of(script.toString(), "--kubeconfig", kubeconfig.toString()),
              Map.of(
                  "COUNTERSIGN_PLUGIN_LIB", lib.toString(),
                  "XDG_CACHE_HOME", cache.toString(),
                  "JAVA_HOME", System.getProperty("java.home")),
              PairedCommands.listsRows(REQUESTS));
      List<PairedCommands.Figures> figures = PairedCommands.measure(get, approve, RUNS);
      System.out.printf(
          "%nListing %d pending requests in one namespace as approver alice (token, TLS, embedded"
              + " API server), %d paired runs, Java %s, load average %s:%n%s",
          REQUESTS,
          RUNS,
          System.getProperty("java.version"),
          loadAverage(),
          PairedCommands.table(figures));
    }
  }

  /**
   * Files {@code count} requests awaiting alice's approval in namespace shop and writes a
   * kubeconfig for alice over TLS (the server's certificate is self-signed for a Common Name only,
   * which Go's TLS refuses to verify: both clients skip verification alike).
   */
  static Path fill(PluginHarness cluster, int count) throws IOException {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      cluster.awaiting(
          ActionRequests.scale("web-" + i, 3).named("scale-web-" + i).build(),
          PluginHarness.approvers(List.of("alice"), List.of()));
    }
    System.out.printf(
        "created %d pending requests in %d ms%n",
        count, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    Path kubeconfig = Files.createTempFile("kubeconfig-tls", ".yaml");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: embedded
            cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
          - name: alice
            context: {cluster: embedded, user: alice, namespace: shop}
        current-context: alice
        users:
          - name: alice
            user: {token: alice-token}
        """
            .formatted(cluster.server.url()));
    return kubeconfig;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * For measuring by hand: keeps a filled server up and prints its kubeconfig ({@code java -cp
   * TEST_CLASSPATH dev.countersign.plugin.KubectlApproveVsKubectlBench [count]}).
   */
  public static void main(String[] args) throws Exception {
    PluginHarness cluster = PluginHarness.start(ServerOptions.defaults().withTls());
    Path kubeconfig = fill(cluster, args.length > 0 ? Integer.parseInt(args[0]) : REQUESTS);
    System.out.println("KUBECONFIG=" + kubeconfig);
    Thread.sleep(Long.MAX_VALUE);
  }
}
