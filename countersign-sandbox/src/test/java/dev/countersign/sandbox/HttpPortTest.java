package dev.countersign.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HttpPortTest {
  @Test
  void theSystemPropertyWinsOverTheEnvironmentAndQuarkusDefaultsTo8080() {
    Properties properties = new Properties();
    properties.setProperty("quarkus.http.port", "9090");

    assertThat(HttpPort.configured(properties, Map.of("QUARKUS_HTTP_PORT", "9191")))
        .isEqualTo(9090);
    assertThat(HttpPort.configured(new Properties(), Map.of("QUARKUS_HTTP_PORT", "9191")))
        .isEqualTo(9191);
    assertThat(HttpPort.configured(new Properties(), Map.of())).isEqualTo(8080);
  }

  @Test
  void aPortSomethingListensOnIsReportedInOneLineThatSaysHowToChooseAnother() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      int port = taken.getLocalPort();

      assertThat(HttpPort.inUse(port))
          .contains(
              "error: port "
                  + port
                  + " is in use, and the operator's HTTP server (health, metrics) needs it: stop"
                  + " what listens there, or choose another port, e.g. QUARKUS_HTTP_PORT="
                  + (port + 1)
                  + " make run");
    }
  }

  @Test
  void aFreePortIsNotReported() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }

    assertThat(HttpPort.inUse(port)).isEmpty();
  }
}
