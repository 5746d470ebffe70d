package dev.countersign.testkit.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that has rendered the chart with helm-java (Helm's Go library in the process) still stops
 * on SIGTERM and SIGINT and runs its shutdown hooks, as the sandbox must on Ctrl+C.
 */
class JvmSignalsTest {

  @Test
  void aJvmThatRenderedTheChartStillStopsOnSigterm(@TempDir Path dir) throws Exception {
    assertStopsOn("TERM", 143, dir);
  }

  @Test
  void aJvmThatRenderedTheChartStillStopsOnCtrlC(@TempDir Path dir) throws Exception {
    assertStopsOn("INT", 130, dir);
  }

  private static void assertStopsOn(String signal, int exitCode, Path dir) throws Exception {
    Path hookRan = dir.resolve("hook-ran");
    Process renderer =
        new ProcessBuilder(
                // A shell starts background jobs with SIGINT ignored, and a JVM leaves an ignored
                // signal ignored; the child starts with it at its default, as from a terminal.
                "perl",
                "-e",
                "$SIG{INT} = 'DEFAULT'; exec @ARGV or die",
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Renderer.class.getName(),
                hookRan.toString())
            .redirectErrorStream(true)
            .start();
    try (var out =
        new BufferedReader(
            new InputStreamReader(renderer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals(Renderer.RENDERED));
      assertThat(line).as("the child rendered the chart").isEqualTo(Renderer.RENDERED);

      // perl (Debian's perl-base is always there) sends it: a minimal machine has no kill(1).
      new ProcessBuilder("perl", "-e", "kill '" + signal + "', " + renderer.pid())
          .inheritIO()
          .start()
          .waitFor();

      boolean exited = renderer.waitFor(10, TimeUnit.SECONDS);
      assertThat(exited).as("the JVM exited on SIG" + signal).isTrue();
      assertThat(renderer.exitValue()).isEqualTo(exitCode);
      assertThat(Files.exists(hookRan)).as("its shutdown hook ran").isTrue();
    } finally {
      renderer.destroyForcibly();
    }
  }

  /** Renders the chart, says so, and waits to be stopped. */
  public static final class Renderer {
    static final String RENDERED = "rendered";

    public static void main(String[] args) throws Exception {
      Path hookRan = Path.of(args[0]);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      Files.writeString(hookRan, "yes");
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }));
      RenderedChart.render();
      System.out.println(RENDERED);
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
