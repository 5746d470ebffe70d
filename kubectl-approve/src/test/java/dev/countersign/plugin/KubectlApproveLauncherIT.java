package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script as {@code make install-plugin} installs it, on the jars {@code mvn package}
 * lays out in target/kubectl-approve/lib: it finds Java, makes its class-data archive once with the
 * training run, and runs commands with it.
 */
class KubectlApproveLauncherIT {
  private static final Path SCRIPT = Path.of("src/main/plugin/kubectl-approve").toAbsolutePath();
  private static final Path LIB = Path.of("target/kubectl-approve/lib").toAbsolutePath();

  @TempDir Path cache;

  @Test
  void theFirstRunMakesTheStartUpArchiveAndLaterRunsKeepIt() throws Exception {
    Run help = run(Map.of(), "--help");

    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(help.out()).contains("kubectl approve");
    List<Path> archives = archives();
    assertThat(archives).hasSize(1);
    long made = Files.getLastModifiedTime(archives.get(0)).toMillis();

    Run again = run(Map.of(), "--help");

    assertThat(again.code()).isZero();
    assertThat(archives()).containsExactlyElementsOf(archives);
    assertThat(Files.getLastModifiedTime(archives.get(0)).toMillis()).isEqualTo(made);
  }

  @Test
  void anUnreachableClusterEndsWithExitCodeSevenAndOneLine() throws Exception {
    Path kubeconfig = cache.resolve("kubeconfig");
    Files.writeString(kubeconfig, PluginHarness.kubeconfig("https://127.0.0.1:1"));

    Run list = run(Map.of(), "--kubeconfig", kubeconfig.toString());

    assertThat(list.code()).as(list.toString()).isEqualTo(ExitCode.NO_CLUSTER.code());
    assertThat(list.err().lines()).hasSize(1);
    assertThat(list.err())
        .startsWith(
            "error: no cluster reachable (trying to list actionrequests.countersign.dev in"
                + " namespace shop at https://127.0.0.1:1): the connection was refused");
    assertThat(list.out()).isEmpty();
  }

  @Test
  void ownJavaOptionsReplaceTheDefaultsAndMakeNoArchive() throws Exception {
    Run help = run(Map.of("COUNTERSIGN_PLUGIN_JAVA_OPTS", "-Xshare:off"), "--help");

    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(archives()).isEmpty();
  }

  private List<Path> archives() throws IOException {
    Path dir = cache.resolve("countersign");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  private Run run(Map<String, String> variables, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("COUNTERSIGN_PLUGIN_LIB", LIB.toString());
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("COUNTERSIGN_PLUGIN_JAVA_OPTS");
    builder.environment().putAll(variables);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, err);
  }

  private record Run(int code, String out, String err) {}
}
