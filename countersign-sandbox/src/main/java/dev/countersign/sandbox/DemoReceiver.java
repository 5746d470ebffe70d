package dev.countersign.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.notification.StandardWebhooks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The demo's webhook receiver: plain http on 127.0.0.1 (the one place a channel may skip TLS, with
 * {@code allowInsecureLoopback}), checking each message's Standard Webhooks signature and timestamp
 * and logging one line per message it accepts.
 */
final class DemoReceiver implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("countersign.demo");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String secret;
  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  DemoReceiver() throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    secret = StandardWebhooks.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/hooks", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  String secret() {
    return secret;
  }

  List<JsonNode> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String id = exchange.getRequestHeaders().getFirst(StandardWebhooks.ID);
      String timestamp = exchange.getRequestHeaders().getFirst(StandardWebhooks.TIMESTAMP);
      String signature = exchange.getRequestHeaders().getFirst(StandardWebhooks.SIGNATURE);
      long sent = timestamp == null ? 0 : Long.parseLong(timestamp);
      boolean fresh = Math.abs(Instant.now().getEpochSecond() - sent) <= 300;
      boolean authentic =
          id != null
              && signature != null
              && MessageDigest.isEqual(
                  StandardWebhooks.withSecret(secret).sign(id, sent, body).getBytes(),
                  signature.getBytes());
      if (!fresh || !authentic) {
        LOG.warnf(
            "[demo] receiver: refused a message (fresh=%s, signature valid=%s)", fresh, authentic);
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      JsonNode payload = JSON.readTree(body);
      received.add(payload);
      JsonNode data = payload.path("data");
      LOG.infof(
          "[demo] receiver: notification %s for %s/%s, webhook-id %s, signature verified — %s",
          payload.path("type").asText(),
          data.at("/request/namespace").asText(),
          data.at("/request/name").asText(),
          id,
          data.has("approveCommand")
              ? "approvers "
                  + data.at("/approvals/users")
                  + " are told to run: "
                  + data.path("approveCommand").asText()
              : "phase " + data.path("phase").asText());
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
