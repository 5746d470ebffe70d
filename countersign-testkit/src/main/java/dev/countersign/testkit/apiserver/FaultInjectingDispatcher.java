package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Wraps the embedded API server's dispatcher to break it on purpose, for the calls of operators
 * under test only (their clients identify themselves by a user agent starting with {@link
 * #OPERATOR_AGENT}; the test's own client and the simulated workload controllers are never
 * touched). Each {@link Rule} matches a method, a path pattern and optionally the body, and then
 * fails the call, loses its answer, delays its answer, or "crashes" the calling operator: from then
 * on every call of that operator is answered 503 without reaching the store, so nothing it still
 * had in flight can land. Every call is logged, with the answer it got.
 */
public final class FaultInjectingDispatcher extends Dispatcher {
  /** Operators under test send a user agent starting with this. */
  public static final String OPERATOR_AGENT = "countersign-under-test/";

  /** One call as the server saw it; {@code landed} when it reached the store and succeeded. */
  public record Call(
      long sequence, String agent, String method, String path, String body, int code) {
    public boolean landed() {
      return code >= 200 && code < 300;
    }

    public boolean fromOperator() {
      return agent != null && agent.startsWith(OPERATOR_AGENT);
    }
  }

  private final Dispatcher server;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Set<String> crashed = ConcurrentHashMap.newKeySet();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();

  public FaultInjectingDispatcher(Dispatcher server) {
    this.server = server;
  }

  /** A rule for calls with this method whose path (without query) matches the regex. */
  public Rule on(String method, String pathRegex) {
    Rule rule = new Rule(method, Pattern.compile(pathRegex));
    rules.add(rule);
    return rule;
  }

  /** Removes every rule; a crashed operator stays crashed (its process is gone). */
  public void heal() {
    rules.clear();
  }

  /** Removes every rule, forgets every crash and the call log: for the next test. */
  public void reset() {
    rules.clear();
    crashed.clear();
    calls.clear();
  }

  /** Whether the operator with this user agent has "crashed". */
  public boolean hasCrashed(String agent) {
    return crashed.contains(agent);
  }

  /** Every call so far, in the order their answers were decided. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls so far that match. */
  public List<Call> calls(Predicate<Call> filter) {
    return calls.stream().filter(filter).toList();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String agent = request.getHeader("User-Agent");
    String method = request.getMethod();
    String path = withoutQuery(request.getPath());
    String body = request.getBody() == null ? "" : text(request);
    boolean underTest = agent != null && agent.startsWith(OPERATOR_AGENT);
    if (underTest && crashed.contains(agent)) {
      return log(agent, method, path, body, error(503, "the operator has crashed"));
    }
    boolean watch = isWatch(request.getPath());
    Rule rule = underTest ? matching(method, path, watch, body) : null;
    if (rule == null) {
      return log(agent, method, path, body, server.dispatch(request));
    }
    return switch (rule.kind) {
      case FAIL -> log(agent, method, path, body, error(rule.code, "injected fault"));
      case LOSE_ANSWER -> {
        MockResponse real = server.dispatch(request);
        log(agent, method, path, body, real);
        yield error(rule.code, "injected fault: the answer was lost");
      }
      case DELAY ->
          log(agent, method, path, body, server.dispatch(request).setBodyDelay(rule.delay));
      case SILENCE -> log(agent, method, path, body, silenced(server.dispatch(request)));
      case CRASH_AFTER -> {
        MockResponse real = server.dispatch(request);
        crashed.add(agent);
        yield log(agent, method, path, body, real);
      }
      case CRASH_AT -> {
        crashed.add(agent);
        yield log(agent, method, path, body, error(503, "the operator has crashed"));
      }
    };
  }

  @Override
  public void shutdown() {
    server.shutdown();
  }

  private Rule matching(String method, String path, boolean watch, String body) {
    for (Rule rule : rules) {
      if (rule.matches(method, path, watch, body) && rule.take()) {
        return rule;
      }
    }
    return null;
  }

  private MockResponse log(
      String agent, String method, String path, String body, MockResponse response) {
    calls.add(new Call(sequence.incrementAndGet(), agent, method, path, body, response.code()));
    return response;
  }

  private static String text(RecordedRequest request) {
    // getUtf8Body() would consume the body, which the store still has to read.
    return new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  /** The watch's answer, with every event it would send dropped. */
  private static MockResponse silenced(MockResponse response) {
    WebSocketListener watch = response.getWebSocketListener();
    if (watch == null) {
      return response;
    }
    return response.withWebSocketUpgrade(new SocketSwappingListener(watch, Muted::new));
  }

  /** A WebSocket that says it sent what it drops. */
  private record Muted(WebSocket socket) implements WebSocket {
    @Override
    public RecordedRequest request() {
      return socket.request();
    }

    @Override
    public boolean send(String text) {
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return true;
    }

    @Override
    public boolean close(int code, String reason) {
      return socket.close(code, reason);
    }
  }

  private static boolean isWatch(String path) {
    int query = path.indexOf('?');
    return query >= 0
        && java.util.Arrays.asList(path.substring(query + 1).split("&")).contains("watch=true");
  }

  private static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  private static MockResponse error(int code, String message) {
    String reason = code == 409 ? "Conflict" : code == 503 ? "ServiceUnavailable" : "InternalError";
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\""
                + message
                + "\",\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + "}");
  }

  private enum Kind {
    FAIL,
    LOSE_ANSWER,
    DELAY,
    SILENCE,
    CRASH_AFTER,
    CRASH_AT
  }

  /** What happens to matching calls; a rule applies a set number of times, then no more. */
  public static final class Rule {
    private final String method;
    private final Pattern path;
    private final List<Predicate<String>> body = new ArrayList<>();
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger applied = new AtomicInteger();
    private Kind kind = Kind.FAIL;
    private int code;
    private Duration delay = Duration.ZERO;
    private Boolean watches;

    private Rule(String method, Pattern path) {
      this.method = method;
      this.path = path;
    }

    /** Only calls whose body contains this text. */
    public Rule whenBodyContains(String text) {
      body.add(b -> b.contains(text));
      return this;
    }

    /** Only watches ({@code ?watch=true}): an informer's stream, not its list or a plain GET. */
    public Rule onlyWatches() {
      watches = true;
      return this;
    }

    /** Only calls whose body passes this test. */
    public Rule whenBody(Predicate<String> test) {
      body.add(test);
      return this;
    }

    /** Answers {@code code} (409, 500, 503, ...) without reaching the store, {@code times}. */
    public Rule fail(int code, int times) {
      return set(Kind.FAIL, code, times);
    }

    /** The call reaches the store and succeeds, but the caller gets {@code code}, {@code times}. */
    public Rule loseAnswer(int code, int times) {
      return set(Kind.LOSE_ANSWER, code, times);
    }

    /** The call reaches the store at once; its answer comes {@code delay} later, {@code times}. */
    public Rule delay(Duration value, int times) {
      if (value.toMillis() < 1) {
        // The mock server answers late through a Vert.x timer, which refuses one under 1 ms: the
        // answer would never come.
        throw new IllegalArgumentException("a delay must be at least 1 ms, was " + value);
      }
      delay = value;
      return set(Kind.DELAY, 0, times);
    }

    /**
     * A watch opens and stays open, but none of its events reaches the caller, {@code times}: as an
     * informer sees a busy or partitioned API server's late events, without an error to act on.
     */
    public Rule silence(int times) {
      return set(Kind.SILENCE, 0, times);
    }

    /** The first matching call lands; then the calling operator is gone. */
    public Rule crashAfter() {
      return set(Kind.CRASH_AFTER, 0, 1);
    }

    /** The calling operator is gone just before the first matching call reaches the store. */
    public Rule crashAt() {
      return set(Kind.CRASH_AT, 0, 1);
    }

    /** How many calls this rule has acted on. */
    public int applied() {
      return applied.get();
    }

    private Rule set(Kind value, int answer, int times) {
      kind = value;
      code = answer;
      remaining.set(times);
      return this;
    }

    private boolean matches(
        String requestMethod, String requestPath, boolean watch, String requestBody) {
      return method.equalsIgnoreCase(requestMethod)
          && path.matcher(requestPath).matches()
          && (watches == null || watches == watch)
          && body.stream().allMatch(p -> p.test(requestBody));
    }

    private boolean take() {
      if (remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
        applied.incrementAndGet();
        return true;
      }
      return false;
    }
  }
}
