package dev.countersign.bench;

import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.testkit.bench.PairedCommands;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The paired listing measure of {@code make bench-cluster}: {@code kubectl get areq} against {@code
 * kubectl approve} (this checkout's launcher on the jars {@code make package} laid out) listing the
 * same pending requests of the benchmark's namespace, run alternately, as an approver who is not
 * the caller: a ServiceAccount of that namespace bound there (RoleBinding) to the chart's {@code
 * countersign-approver} ClusterRole, with a short-lived token (TokenRequest). The requests are
 * restarts of the benchmark's zero-replica Deployments that the policy lets only that approver
 * approve; nobody approves them, so none is executed, and they go with the namespace.
 */
final class ListingBench {
  static final String APPROVER = "countersign-bench-approver";
  static final String APPROVER_ROLE = "countersign-approver";
  static final String PREFIX = "list-";

  private ListingBench() {}

  /** The user name the API server gives the approver ServiceAccount of the namespace. */
  static String approverUser(String namespace) {
    return "system:serviceaccount:" + namespace + ":" + APPROVER;
  }

  /**
   * Files {@code count} requests awaiting the approver, waits until the operator has decided them
   * all, and prints the paired figures of {@code runs} runs of each command.
   */
  static void run(
      KubernetesClient client,
      Config config,
      String me,
      String namespace,
      int targets,
      int count,
      int runs)
      throws Exception {
    Optional<Path> kubectl = onPath("kubectl");
    Optional<Path> root = repositoryRoot(Path.of("").toAbsolutePath());
    if (kubectl.isEmpty() || root.isEmpty()) {
      System.out.printf(
          "%nListing benchmark skipped: %s%n",
          kubectl.isEmpty()
              ? "no kubectl on PATH"
              : "run it from the Countersign repository (make bench-cluster)");
      return;
    }
    Path lib = root.get().resolve("kubectl-approve/target/kubectl-approve/lib");
    if (!BenchAccounts.hasChartRole(client, APPROVER_ROLE, "Listing benchmark")) {
      return;
    }
    BenchAccounts.create(client, namespace, APPROVER, APPROVER_ROLE);
    String token = BenchAccounts.token(client, namespace, APPROVER, List.of());
    // Same rows for both: kubectl lists every request of the namespace, the plugin only the
    // pending ones, so the load's finished requests go first.
    clearRequests(client, namespace);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      client
          .resource(
              ActionRequests.restart("web-" + (i % targets))
                  .by(me)
                  .named(PREFIX + i)
                  .in(namespace)
                  .build())
          .create();
    }
    awaitPending(client, namespace, count);
    System.out.printf(
        "%nfiled %d requests awaiting %s and saw them decided in %d ms%n",
        count, approverUser(namespace), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    Path kubeconfig = writeKubeconfig(config, namespace, token);
    try {
      var get = PairedCommands.kubectlGetAreq(kubectl.get(), kubeconfig, count);
      var approve =
          new PairedCommands.Command(
              "kubectl approve",
              List.of(
                  root.get().resolve("kubectl-approve/src/main/plugin/kubectl-approve").toString(),
                  "--kubeconfig",
                  kubeconfig.toString()),
              Map.of("COUNTERSIGN_PLUGIN_LIB", lib.toString()),
              PairedCommands.listsRows(count));
      List<PairedCommands.Figures> figures = PairedCommands.measure(get, approve, runs);
      System.out.printf(
          "Listing %d pending requests as approver %s, %d paired runs (load average %s):%n%s",
          count, approverUser(namespace), runs, loadAverage(), PairedCommands.table(figures));
    } finally {
      Files.deleteIfExists(kubeconfig);
    }
  }

  /** Why the output is not a header and {@code count} rows, or null when it is. */
  private static void awaitPending(KubernetesClient client, String namespace, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long pending = 0;
    while (System.nanoTime() < deadline) {
      pending =
          client
              .genericKubernetesResources(
                  ApiVersion.GROUP + "/" + ApiVersion.VERSION, "ActionRequest")
              .inNamespace(namespace)
              .list()
              .getItems()
              .stream()
              .filter(r -> r.getMetadata().getName().startsWith(PREFIX))
              .filter(r -> "AwaitingApproval".equals(phase(r)))
              .count();
      if (pending == count) {
        return;
      }
      TimeUnit.SECONDS.sleep(1);
    }
    throw new IllegalStateException(
        "only " + pending + " of " + count + " requests awaited approval after 5 minutes");
  }

  /** Deletes every ActionRequest of the namespace and waits until none is left. */
  static void clearRequests(KubernetesClient client, String namespace) throws InterruptedException {
    var requests =
        client
            .genericKubernetesResources(
                ApiVersion.GROUP + "/" + ApiVersion.VERSION, "ActionRequest")
            .inNamespace(namespace);
    requests.delete();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!requests.list().getItems().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the requests of namespace " + namespace + " were not gone 2 minutes after deletion");
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  private static Object phase(GenericKubernetesResource request) {
    return request.get("status", "phase");
  }

  /**
   * A kubeconfig (owner-only) for the approver: the cluster as the caller's context names it (its
   * server and how to trust it), the approver's token, the benchmark's namespace.
   */
  static Path writeKubeconfig(Config config, String namespace, String token) throws IOException {
    String trust;
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      trust = "certificate-authority-data: " + config.getCaCertData().strip();
    } else if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      trust =
          "certificate-authority-data: "
              + Base64.getEncoder()
                  .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    } else if (config.isTrustCerts()) {
      trust = "insecure-skip-tls-verify: true";
    } else {
      trust = null; // the system's trusted authorities
    }
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: bench
            cluster:
              server: "%s"
        %s\
        users:
          - name: approver
            user:
              token: "%s"
        contexts:
          - name: approver
            context: {cluster: bench, user: approver, namespace: "%s"}
        current-context: approver
        """
            .formatted(
                config.getMasterUrl(),
                trust == null ? "" : "      " + trust + "\n",
                token,
                namespace);
    Path file =
        Files.createTempFile(
            "bench-approver",
            ".yaml",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** The directory at or above {@code from} that holds the plugin's launcher. */
  static Optional<Path> repositoryRoot(Path from) {
    for (Path dir = from; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("kubectl-approve/src/main/plugin/kubectl-approve"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
