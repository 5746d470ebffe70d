package dev.countersign.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code make run} with its HTTP port taken: the packaged sandbox says so in one line and exits 1
 * before it starts anything (no embedded server, no demo, no Quarkus).
 */
class BusyPortIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  @Test
  void aBusyPortIsTheOneLineTheUserSeesAndTheExitCodeIsOne() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      int port = taken.getLocalPort();
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  JAR.toString())
              .redirectErrorStream(true);
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));

      Process sandbox = builder.start();
      String output = new String(sandbox.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(sandbox.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(sandbox.exitValue()).as(output).isEqualTo(1);
      assertThat(output).isEqualTo(HttpPort.inUse(port).orElseThrow() + System.lineSeparator());
    }
  }
}
