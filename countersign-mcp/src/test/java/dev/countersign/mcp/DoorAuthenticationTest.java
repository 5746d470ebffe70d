package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every call needs a token the API server vouches for with the door's audience; anything else is a
 * 401 with a WWW-Authenticate header pointing to the Protected Resource Metadata, and no tool runs.
 */
class DoorAuthenticationTest {
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private static DoorHarness cluster;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    cluster = DoorHarness.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static HttpResponse<String> post(String authorization, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(cluster.door.url())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String metadataUrl() {
    return "http://127.0.0.1:" + cluster.door.port() + "/.well-known/oauth-protected-resource/mcp";
  }

  @Test
  void aCallWithoutATokenIs401WithTheResourceMetadata() throws Exception {
    var response = post(null, INITIALIZE);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer resource_metadata=\"" + metadataUrl() + "\"");

    var metadata =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(metadataUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body())
        .contains("\"resource\":\"http://127.0.0.1:" + cluster.door.port() + "/mcp\"")
        .contains("\"authorization_servers\":[\"https://kubernetes.default.svc.cluster.local\"]")
        .contains("\"bearer_methods_supported\":[\"header\"]");
  }

  @Test
  void aTokenForAnotherAudienceIs401InvalidToken() throws Exception {
    String apiServerToken =
        cluster.token(
            AGENT, List.of("https://kubernetes.default.svc"), Instant.now().plusSeconds(3600));
    var response = post("Bearer " + apiServerToken, INITIALIZE);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer resource_metadata=\"" + metadataUrl() + "\", error=\"invalid_token\"")
        .contains("not valid for audience countersign");
  }

  @Test
  void anExpiredTokenIs401InvalidToken() throws Exception {
    String expired = cluster.token(AGENT, List.of("countersign"), Instant.now().minusSeconds(3600));
    var response = post("Bearer " + expired, INITIALIZE);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void anUnknownTokenIs401AndTheSdkClientCannotConnect() throws Exception {
    assertThat(post("Bearer made-up", INITIALIZE).statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> cluster.client("made-up")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aGoodTokenInitializes() throws Exception {
    var response = post("Bearer " + cluster.token(AGENT), INITIALIZE);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"countersign-mcp\"");
  }

  @Test
  void malformedJsonRpcIsAJsonRpcErrorAndRunsNothing() throws Exception {
    var response = post("Bearer " + cluster.token(AGENT), "{not json");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid message format");
  }
}
