package dev.countersign.plugin;

import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script as {@code make install-plugin} installs it, on the jars {@code mvn package}
 * lays out in target/kubectl-approve/lib: it finds Java, makes its class-data archive once with the
 * training run, and runs commands with it.
 *
 * <p>Where Java 17 is the machine's default, the tests put a stand-in for it first on PATH: a
 * {@code java} that answers {@code -version} with 17 and fails to run anything else as a real Java
 * 17 fails on the plugin's classes (UnsupportedClassVersionError).
 */
class KubectlApproveLauncherIT {
  private static final Path SCRIPT = Path.of("src/main/plugin/kubectl-approve").toAbsolutePath();
  private static final Path LIB = Path.of("target/kubectl-approve/lib").toAbsolutePath();
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path cache;

  @Test
  void theFirstRunMakesTheStartUpArchiveAndLaterRunsKeepIt() throws Exception {
    Run help = run(Map.of(), "--help");

    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(help.out()).contains("kubectl approve");
    List<Path> archives = archives();
    // Java 25 and later get an AOT cache, earlier ones a class-data archive; no partial file stays.
    assertThat(archives)
        .singleElement()
        .asString()
        .endsWith(Runtime.version().feature() >= 25 ? ".aot" : ".jsa");
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

  @Test
  void withJava17OnPathAndNoJavaHomeTheInstalledLauncherRunsOnTheJdkRecordedAtInstall()
      throws Exception {
    Path installed = cache.resolve("plugin-home");
    Files.createDirectories(installed);
    Files.copy(SCRIPT, installed.resolve("kubectl-approve"), COPY_ATTRIBUTES);
    Files.writeString(installed.resolve("java-home"), JAVA_HOME + "\n");

    Run help = launch(installed.resolve("kubectl-approve"), java17First(noJdkRoots()), "--help");

    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(help.out()).contains("kubectl approve");
    assertThat(archives()).hasSize(1);
  }

  @Test
  void withJava17OnPathAndNoJavaHomeTheLauncherRunsOnTheNewestJdkItFinds() throws Exception {
    Path roots = cache.resolve("jvm");
    Files.createDirectories(roots);
    Files.createSymbolicLink(roots.resolve("jdk-current"), Path.of(JAVA_HOME));
    Map<String, String> variables = java17First(roots.toString());
    variables.put("COUNTERSIGN_PLUGIN_JAVA_OPTS", "-Xshare:auto");

    Run help = launch(SCRIPT, variables, "--help");

    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(help.out()).contains("kubectl approve");
  }

  @Test
  void withNoJava21AnywhereTheLauncherSaysWhichJavaItNeedsInOneLineAndExitsOne() throws Exception {
    Run help = launch(SCRIPT, java17First(noJdkRoots()), "--help");

    assertThat(help.code()).as(help.toString()).isEqualTo(ExitCode.ERROR.code());
    assertThat(help.err())
        .isEqualTo(
            "error: kubectl approve needs Java 21 or later and found only Java 17 at "
                + cache.resolve("jdk-17")
                + "; set JAVA_HOME to a JDK 21+ (export JAVA_HOME=/path/to/jdk)\n");
    assertThat(help.out()).isEmpty();
  }

  /**
   * The variables of a machine whose java on PATH is 17, with no JAVA_HOME, and JDKs looked for
   * only under {@code jdkRoots}.
   */
  private Map<String, String> java17First(String jdkRoots) throws IOException {
    Path jdk17 = cache.resolve("jdk-17");
    Files.createDirectories(jdk17.resolve("bin"));
    Files.writeString(jdk17.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
    Path java = jdk17.resolve("bin/java");
    Files.writeString(
        java,
        """
        #!/bin/sh
        if [ "$1" = -version ]; then echo 'openjdk version "17.0.15" 2025-04-15' >&2; exit 0; fi
        echo 'java.lang.UnsupportedClassVersionError: class file version 65.0' >&2
        exit 1
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> variables = new HashMap<>();
    variables.put("PATH", jdk17.resolve("bin") + ":" + System.getenv("PATH"));
    variables.put("COUNTERSIGN_PLUGIN_JDK_ROOTS", jdkRoots);
    variables.put("JAVA_HOME", null);
    return variables;
  }

  private String noJdkRoots() throws IOException {
    return Files.createDirectories(cache.resolve("no-jdks")).toString();
  }

  private List<Path> archives() throws IOException {
    Path dir = cache.resolve("countersign");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private Run run(Map<String, String> variables, String... args)
      throws IOException, InterruptedException {
    Map<String, String> withJava = new HashMap<>(Map.of("JAVA_HOME", JAVA_HOME));
    withJava.putAll(variables);
    return launch(SCRIPT, withJava, args);
  }

  /** Runs {@code script}; a variable mapped to null is unset. */
  private Run launch(Path script, Map<String, String> variables, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("COUNTERSIGN_PLUGIN_LIB", LIB.toString());
    environment.put("XDG_CACHE_HOME", cache.toString());
    environment.remove("COUNTERSIGN_PLUGIN_JAVA_OPTS");
    environment.remove("COUNTERSIGN_PLUGIN_JDK_ROOTS");
    variables.forEach(
        (name, value) -> {
          if (value == null) {
            environment.remove(name);
          } else {
            environment.put(name, value);
          }
        });
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, err);
  }

  private record Run(int code, String out, String err) {}
}
