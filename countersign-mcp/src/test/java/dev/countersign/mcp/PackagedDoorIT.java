package dev.countersign.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged door ({@code java -jar target/countersign-mcp/lib/countersign-mcp-*.jar}, as its
 * Deployment runs it) starts with its ServiceAccount's credentials from the environment, answers
 * {@code /healthz}, and refuses an unauthenticated MCP call with 401.
 */
class PackagedDoorIT {
  @Test
  void thePackagedDoorStartsAndRefusesAnUnauthenticatedCall() throws Exception {
    Path lib = Path.of("target", "countersign-mcp", "lib");
    Path jar;
    try (var files = Files.list(lib)) {
      jar =
          files
              .filter(f -> f.getFileName().toString().matches("countersign-mcp-.*\\.jar"))
              .findFirst()
              .orElseThrow();
    }
    try (DoorHarness cluster = DoorHarness.start()) {
      int port;
      try (var socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(new File("target/packaged-door.log"));
      var env = builder.environment();
      env.put("KUBERNETES_MASTER", cluster.api.url());
      env.put("KUBERNETES_AUTH_TOKEN", cluster.api.token(DoorHarness.DOOR));
      env.put("KUBERNETES_NAMESPACE", "countersign-system");
      env.put("COUNTERSIGN_MCP_PORT", String.valueOf(port));
      Process door = builder.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(
                () ->
                    http.send(
                                HttpRequest.newBuilder(health).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                        == 200);
        var refused =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("resource_metadata=");
        var agent =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .header("Authorization", "Bearer " + cluster.token(DoorHarness.AGENT))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(agent.statusCode()).as(agent.body()).isEqualTo(200);
        assertThat(agent.body()).contains("request_scale");
      } finally {
        door.destroy();
        door.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
