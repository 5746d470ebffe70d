package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged CLI through its launcher script, as CI runs it: {@code countersign test
 * config/policies} exits 0, a missing path exits 2 with one line, and without JAVA_HOME the
 * launcher still finds a JDK 21+ (on PATH or under /usr/lib/jvm).
 */
class CountersignLauncherIT {
  static final Path LAUNCHER = Path.of("src/main/launcher/countersign").toAbsolutePath();

  /**
   * Runs the launcher with these arguments (and JAVA_HOME as this JVM's unless {@code withJavaHome}
   * is false).
   */
  static CliRun launch(boolean withJavaHome, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(CliRun.repoRoot().toFile());
    Map<String, String> env = builder.environment();
    env.put("XDG_CACHE_HOME", Files.createTempDirectory("countersign-cache").toString());
    if (withJavaHome) {
      env.put("JAVA_HOME", System.getProperty("java.home"));
    } else {
      env.remove("JAVA_HOME");
    }
    Path err = Files.createTempFile("countersign", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new CliRun(process.exitValue(), out, Files.readString(err));
  }

  @org.junit.jupiter.api.Test
  void theExamplePoliciesPassThroughTheLauncher() throws Exception {
    CliRun run = launch(true, "test", "config/policies", "--require-coverage");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains(" passed, 0 failed");
  }

  @org.junit.jupiter.api.Test
  void aMissingPathIsExitCode2InOneLine() throws Exception {
    CliRun run = launch(false, "test", "no/such/folder");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: no/such/folder: does not exist\n");
  }
}
