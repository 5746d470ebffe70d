package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.NAMESPACE;
import static dev.countersign.mcp.DoorHarness.call;
import static dev.countersign.mcp.DoorHarness.checkScaleWeb;
import static dev.countersign.mcp.DoorHarness.scaleWeb;

import dev.countersign.fixtures.ActionRequests;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What the door costs: request_scale through MCP (TokenReview, checks, create) against a plain
 * ActionRequest create by the agent on the same embedded API server (goal: at most 2x), and
 * check_action (policies, facts and the core's decision). Prints figures, asserts nothing; {@code
 * -Dbench.mcp.count=N} calls each (default 1,000, after 200 warm-up calls), taken in turns. With
 * 200 a p99 was the second-slowest call and moved from 1.8x to 3.0x between runs. On the server
 * over TLS, over plain HTTP, and over TLS with every answer 2 ms late, as a real API server's come
 * across a network.
 */
class McpDoorBench {
  private static final int COUNT = Integer.getInteger("bench.mcp.count", 1_000);
  private static final int WARMUP = 200;

  /**
   * The embedded server answers within the benchmark's JVM; a real one is a network away. Every
   * call pays that once, so it shows what a door's calls cost when each round trip does.
   */
  private static final Duration ACROSS_A_NETWORK = Duration.ofMillis(2);

  static {
    // One audit line per call is the door's promise, and thousands of them would bury the figures.
    System.setProperty("org.slf4j.simpleLogger.log.countersign.audit", "warn");
  }

  @Test
  void requestScaleAgainstAPlainCreateAndCheckAction() {
    measureOn(
        "the API server over TLS, as every real one speaks", ServerOptions.defaults().withTls());
    measureOn("the API server over plain HTTP (no real one does)", ServerOptions.defaults());
    measureOn(
        "the API server over TLS, every answer "
            + ACROSS_A_NETWORK.toMillis()
            + " ms late (as across a network; watches on time)",
        ServerOptions.defaults().withTls().inFront(answersLate(ACROSS_A_NETWORK)));
  }

  private static UnaryOperator<Dispatcher> answersLate(Duration late) {
    return server ->
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse answer = server.dispatch(request);
            return request.getPath().contains("watch=true") ? answer : answer.setBodyDelay(late);
          }

          @Override
          public void shutdown() {
            server.shutdown();
          }
        };
  }

  private static void measureOn(String server, ServerOptions options) {
    try (DoorHarness cluster =
        DoorHarness.start(DoorConfig.defaults().withLimits(1_000_000, 64), options)) {
      cluster.api.bind("countersign-agent", NAMESPACE, AGENT);
      var direct = cluster.api.as(AGENT);
      McpSyncClient agent = cluster.agent();
      IntConsumer plainCreate =
          i ->
              direct
                  .resource(
                      ActionRequests.scale("web", 1 + i % 9)
                          .in(NAMESPACE)
                          .named("plain-" + i)
                          .build())
                  .create();
      IntConsumer ping = i -> agent.ping();
      IntConsumer barePing = barePing(cluster);
      IntConsumer viaMcp =
          i -> CallTurns.succeeded(agent.callTool(call("request_scale", scaleWeb(1 + i % 9))));
      IntConsumer check =
          i -> CallTurns.succeeded(agent.callTool(call("check_action", checkScaleWeb(1 + i % 9))));
      double[][] millis =
          CallTurns.measure(WARMUP, COUNT, plainCreate, ping, viaMcp, check, barePing);
      double[] plain = millis[0];
      double[] viaMcpMillis = millis[2];
      System.out.printf(
          "%nMCP door, %s (%d calls each, after %d warm-up; machine load %s; figures measured"
              + " under load are indicative only)%n",
          server, COUNT, WARMUP, CallTurns.load());
      CallTurns.print("plain ActionRequest create", plain);
      CallTurns.print("MCP ping (the protocol alone)", millis[1]);
      CallTurns.print("MCP ping, bare HTTP client", millis[4]);
      CallTurns.print("request_scale via MCP", viaMcpMillis);
      CallTurns.print("check_action via MCP", millis[3]);
      CallTurns.printRatio(viaMcpMillis, plain);
      agent.close();
    }
  }

  /**
   * A ping sent with the JDK's HTTP client alone: the door's own share of a ping, without the SDK
   * client's.
   */
  private static IntConsumer barePing(DoorHarness cluster) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.door.port() + "/mcp"))
            .header("Authorization", "Bearer " + cluster.token(AGENT))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
            .build();
    return i -> {
      try {
        HttpResponse<String> answer = http.send(ping, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains("\"result\"")) {
          throw new IllegalStateException(
              "a bare ping failed: HTTP " + answer.statusCode() + " " + answer.body());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }
}
