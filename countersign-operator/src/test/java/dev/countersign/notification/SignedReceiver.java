package dev.countersign.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on the loopback interface, over TLS with a certificate of the test's own CA,
 * that checks every message as a Standard Webhooks consumer must: with its own implementation of
 * the scheme (not the product's), it requires the three headers, rejects a timestamp more than five
 * minutes from its clock (a replay) with 400 and a bad signature with 401, and counts what it
 * accepted by {@code webhook-id}, saying so when an id comes twice.
 */
final class SignedReceiver implements AutoCloseable {
  static final long TOLERANCE_SECONDS = 5 * 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One accepted message. */
  record Delivery(String id, long timestamp, JsonNode body) {}

  private final String secret;
  private final byte[] key;
  private final HttpsServer server;
  private final Clock clock;
  private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final List<String> duplicates = new CopyOnWriteArrayList<>();
  private final List<JsonNode> plain = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
  private final AtomicInteger failuresToAnswer = new AtomicInteger();
  private volatile int failureStatus = 500;
  private volatile Consumer<Delivery> beforeAnswering = d -> {};

  SignedReceiver(TestCa ca, Clock clock) {
    this.clock = clock;
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    this.key = raw;
    this.secret = "whsec_" + Base64.getEncoder().encodeToString(raw);
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/hooks", this::handle);
    server.createContext("/plain", this::handlePlain);
    server.start();
  }

  /** The signing key the channel's Secret holds. */
  String secret() {
    return secret;
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /**
   * Answers the next {@code count} valid messages with {@code status} instead of accepting them.
   */
  void failNext(int count, int status) {
    failureStatus = status;
    failuresToAnswer.set(count);
  }

  /** The URL of the unsigned endpoint, as a Slack or Teams incoming webhook is. */
  String plainUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/plain";
  }

  /** The bodies the unsigned endpoint received, in order. */
  List<JsonNode> plainBodies() {
    return List.copyOf(plain);
  }

  private void handlePlain(HttpExchange exchange) throws IOException {
    try (exchange) {
      plain.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(200, -1);
    }
  }

  /** Runs {@code action} on each accepted message before answering it. */
  void beforeAnswering(Consumer<Delivery> action) {
    beforeAnswering = action;
  }

  List<Delivery> accepted() {
    return List.copyOf(accepted);
  }

  List<String> rejected() {
    return List.copyOf(rejected);
  }

  /** The ids accepted more than once, once per repeat. */
  List<String> duplicates() {
    return List.copyOf(duplicates);
  }

  /** Every validly signed attempt with this id, accepted or answered with a failure. */
  int attempts(String id) {
    AtomicInteger count = attemptsById.get(id);
    return count == null ? 0 : count.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
      String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
      int verdict = verify(id, timestamp, signatures, body);
      if (verdict != 0) {
        rejected.add(verdict + " " + id);
        exchange.sendResponseHeaders(verdict, -1);
        return;
      }
      attemptsById.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
      if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.sendResponseHeaders(failureStatus, -1);
        return;
      }
      Delivery delivery = new Delivery(id, Long.parseLong(timestamp), JSON.readTree(body));
      if (accepted.stream().anyMatch(d -> d.id().equals(id))) {
        duplicates.add(id);
        System.out.println("receiver: duplicate webhook-id " + id + " (already accepted once)");
      }
      accepted.add(delivery);
      beforeAnswering.accept(delivery);
      exchange.sendResponseHeaders(204, -1);
    }
  }

  /** 0 when the message is authentic and fresh; else the HTTP status to refuse it with. */
  int verify(String id, String timestamp, String signatures, byte[] body) {
    if (id == null || timestamp == null || signatures == null) {
      return 400;
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return 400;
    }
    if (Math.abs(clock.instant().getEpochSecond() - sent) > TOLERANCE_SECONDS) {
      return 400;
    }
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
      byte[] content = new byte[prefix.length + body.length];
      System.arraycopy(prefix, 0, content, 0, prefix.length);
      System.arraycopy(body, 0, content, prefix.length, body.length);
      expected = mac.doFinal(content);
    } catch (Exception e) {
      return 500;
    }
    List<String> candidates = new ArrayList<>(List.of(signatures.split(" ")));
    for (String candidate : candidates) {
      int comma = candidate.indexOf(',');
      if (comma > 0 && candidate.substring(0, comma).equals("v1")) {
        byte[] given;
        try {
          given = Base64.getDecoder().decode(candidate.substring(comma + 1));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (MessageDigest.isEqual(expected, given)) {
          return 0;
        }
      }
    }
    return 401;
  }

  /** Stops answering at once: from now on connections are refused. */
  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
