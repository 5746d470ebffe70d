package dev.countersign.sandbox;

import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox tour of the README, run with the real {@code kubectl} binary against the packaged
 * sandbox as {@code make run} leaves it after its demo (on an embedded API server even where a
 * cluster is reachable, as {@code make sandbox} does). After the demo the simulated workload
 * controller must still run, or the restart approved here would stay Executing. The agent files a
 * request with {@code kubectl create -f}, {@code kubectl get areq} shows the CRD's columns, alice
 * approves with {@code kubectl approve} (the plugin's launcher on the jars the build laid out), and
 * {@code kubectl wait} sees the request succeed; {@code kubectl explain} reads the CRD's
 * descriptions. Skipped, saying so, where no kubectl is on PATH.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxTourIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PLUGIN =
      ROOT.resolve("kubectl-approve/src/main/plugin/kubectl-approve");
  private static final Path PLUGIN_LIB = ROOT.resolve("kubectl-approve/target/kubectl-approve/lib");
  private static final String REQUEST = "restart-web-after-config-change";
  private static final Duration START = Duration.ofMinutes(4);

  @TempDir static Path work;

  private static Path kubectl;
  private static Process sandbox;
  private static Path log;
  private static Path kubeconfig;

  @BeforeAll
  static void startTheSandbox() throws Exception {
    Optional<Path> found = onPath("kubectl");
    Assumptions.assumeTrue(
        found.isPresent(),
        "kubectl is not on PATH: SandboxTourIT (the README's sandbox tour with the real kubectl)"
            + " is skipped; .ci/run installs kubectl");
    kubectl = found.get();
    kubeconfig = work.resolve("kubeconfig");
    log = Path.of("target/sandbox-tour.log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcountersign.demo.embedded=true",
                "-Dcountersign.demo.kubeconfig=" + kubeconfig,
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    sandbox = builder.start();
    Instant deadline = Instant.now().plus(START);
    while (!Files.exists(log) || !Files.readString(log).contains("Three commands to try")) {
      assertThat(sandbox.isAlive())
          .as("the sandbox exited early; its log:%n%s", Files.readString(log))
          .isTrue();
      assertThat(Instant.now()).as("the sandbox did not start within %s", START).isBefore(deadline);
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stopTheSandbox() throws InterruptedException {
    if (sandbox != null) {
      sandbox.destroy();
      if (!sandbox.waitFor(20, TimeUnit.SECONDS)) {
        sandbox.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Order(1)
  void theSandboxPrintsTheToursCommands() throws IOException {
    String printed = Files.readString(log);
    assertThat(printed).contains("The demo is over", "export KUBECONFIG=" + kubeconfig);
    DemoScenario.TOUR.forEach(line -> assertThat(printed).contains(line));
  }

  @Test
  @Order(2)
  void theAgentFilesARequestAndKubectlShowsItsColumns() throws Exception {
    Run create =
        kubectl(
            "--context", "agent-1", "create", "-f", "config/samples/actionrequest-restart.yaml");
    assertThat(create.out())
        .as(create.toString())
        .contains("actionrequest.countersign.dev/" + REQUEST + " created");

    kubectl(
        "wait",
        "--for=jsonpath={.status.phase}=AwaitingApproval",
        "areq/" + REQUEST,
        "--timeout=120s");
    Run get = kubectl("get", "areq");
    List<String> lines = get.out().lines().toList();
    assertThat(lines.getFirst().split("\\s+"))
        .contains("NAME", "ACTION", "AGENT", "TARGET", "APPROVALS", "PHASE", "AGE");
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith(REQUEST).contains("AwaitingApproval", "0/1"));

    Run category = kubectl("get", "countersign");
    assertThat(category.out())
        .contains(
            "agentpolicy.countersign.dev/shop-web-agents",
            "actionrequest.countersign.dev/" + REQUEST);
  }

  @Test
  @Order(3)
  void bobMayNotApproveAndAliceApprovesWithKubectlApproveAndTheRequestSucceeds() throws Exception {
    Run bob = plugin("approve", REQUEST, "--context", "bob", "--yes");
    assertThat(bob.code()).as(bob.toString()).isNotZero();
    assertThat(bob.err()).contains("forbidden", "User \"bob\"");

    Run alice = plugin("approve", REQUEST, "--context", "alice", "--yes");
    assertThat(alice.code()).as(alice.toString()).isZero();
    assertThat(alice.out()).contains("alice approves shop/" + REQUEST);

    kubectl("wait", "--for=condition=Executed", "areq/" + REQUEST, "--timeout=120s");
    Run get = kubectl("get", "areq", REQUEST);
    assertThat(get.out()).contains("Succeeded", "1/1");
    Run events = kubectl("get", "events");
    assertThat(events.out()).contains("actionrequest/" + REQUEST);
  }

  @Test
  @Order(4)
  void kubectlExplainDescribesTheSpec() throws Exception {
    Run explain = kubectl("explain", "actionrequest.spec");

    assertThat(explain.out())
        .contains(
            "KIND:       ActionRequest", "DESCRIPTION:", "What the agent asks for", "reasoning")
        .doesNotContain("<empty>");
  }

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** Runs kubectl from the repository's root; fails with its output unless it exits 0. */
  private static Run kubectl(String... args) throws Exception {
    Run run = run(false, args);
    assertThat(run.code()).as("kubectl %s%n%s", String.join(" ", args), run).isZero();
    return run;
  }

  /** Runs kubectl with kubectl approve on PATH, as {@code make install-plugin} puts it there. */
  private static Run plugin(String... args) throws Exception {
    return run(true, args);
  }

  private static Run run(boolean withPlugin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("KUBECACHEDIR", work.resolve("kube-cache").toString());
    if (withPlugin) {
      Path bin = work.resolve("bin");
      if (!Files.exists(bin.resolve("kubectl-approve"))) {
        Files.createDirectories(bin);
        // A copy, not a link: the launcher finds its jars through COUNTERSIGN_PLUGIN_LIB.
        Files.copy(PLUGIN, bin.resolve("kubectl-approve"), COPY_ATTRIBUTES);
      }
      env.put("PATH", bin + File.pathSeparator + env.getOrDefault("PATH", ""));
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("COUNTERSIGN_PLUGIN_LIB", PLUGIN_LIB.toString());
      // No start-up archive: its training run would only slow this test down.
      env.put("COUNTERSIGN_PLUGIN_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
    }
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Optional<Path> onPath(String name) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
