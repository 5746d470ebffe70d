package dev.countersign.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The port the operator's HTTP server (health and metrics) will listen on, checked before anything
 * starts: with the port taken, Quarkus fails only after the embedded server and the demo are up,
 * and the first thing the user reads is the demo stopping on a closed client.
 */
final class HttpPort {
  static final int QUARKUS_DEFAULT = 8080;

  private HttpPort() {}

  /** quarkus.http.port as a system property, else QUARKUS_HTTP_PORT, else Quarkus's 8080. */
  static int configured(Properties properties, Map<String, String> environment) {
    String value =
        properties.getProperty("quarkus.http.port", environment.get("QUARKUS_HTTP_PORT"));
    return value == null || value.isBlank() ? QUARKUS_DEFAULT : Integer.parseInt(value.trim());
  }

  /** One line for the user when something already listens on port, or empty if it is free. */
  static Optional<String> inUse(int port) {
    if (port == 0) {
      return Optional.empty(); // any free port
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // as Vert.x binds: a closed connection's TIME_WAIT is no owner
      socket.bind(new InetSocketAddress(port));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "error: port "
              + port
              + " is in use, and the operator's HTTP server (health, metrics) needs it: stop what"
              + " listens there, or choose another port, e.g. QUARKUS_HTTP_PORT="
              + (port + 1)
              + " make run");
    }
  }
}
