package dev.countersign.plugin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.approval.Approval;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local web server of {@code kubectl approve ui}, on 127.0.0.1 only. It is the JDK's own {@code
 * com.sun.net.httpserver}: a handful of routes, one user, static files from the jar and one
 * server-sent-event stream need no framework, and the plugin stays a small plain-Java download that
 * starts fast (no Netty, no Vert.x, no servlet container). Requests run on virtual threads, so a
 * long-lived event stream holds no platform thread.
 *
 * <p>Routes (every one needs the session token, see {@link UiGuard}): {@code GET /} the page;
 * {@code GET /static/*} its CSS and JavaScript; {@code GET /api/session} who the user is and which
 * namespaces are unreadable; {@code GET /api/requests?filters&limit=N} the timeline; {@code GET
 * /api/requests/NS/NAME} one request's story; {@code POST /api/requests/NS/NAME/decision} approve
 * or reject; {@code GET /api/watch} server-sent events for every change; {@code GET
 * /api/export.json} and {@code /api/export.csv} the filtered view.
 */
final class UiServer implements AutoCloseable {
  static final int DEFAULT_LIMIT = 200;
  private static final Pattern STORY = Pattern.compile("/api/requests/([a-z0-9.-]+)/([a-z0-9.-]+)");
  private static final Pattern DECISION =
      Pattern.compile("/api/requests/([a-z0-9.-]+)/([a-z0-9.-]+)/decision");
  private static final Map<String, String> STATIC =
      Map.of("/static/app.js", "text/javascript", "/static/app.css", "text/css");
  private static final long KEEP_ALIVE_SECONDS = 15;

  private final HttpServer http;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final UiGuard guard;
  private final Connection connection;
  private final UiTimeline timeline;
  private final Identity me;
  private final UiStory stories;
  private final KubernetesSerialization json;
  private volatile boolean closed;

  /**
   * Rows by uid, kept while the request's resourceVersion stays the same: the timeline is filtered
   * again at every change, and most of 10,000 requests have not changed.
   */
  private final Map<String, Map.Entry<String, UiRow>> rowCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private UiServer(
      HttpServer http,
      String token,
      Connection connection,
      UiTimeline timeline,
      Identity me,
      Clock clock) {
    this.http = http;
    this.guard = new UiGuard(token, http.getAddress().getPort());
    this.connection = connection;
    this.timeline = timeline;
    this.me = me;
    this.stories = new UiStory(connection.client(), connection.server(), me, clock);
    this.json = connection.client().getKubernetesSerialization();
  }

  /**
   * Starts serving on 127.0.0.1.
   *
   * @param port the port, 0 for a free one
   */
  static UiServer start(
      Connection connection, UiTimeline timeline, Identity me, Clock clock, int port) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new CliError(
          ExitCode.ERROR, "cannot listen on 127.0.0.1:" + port + ": " + Failures.describe(e));
    }
    UiServer server = new UiServer(http, UiGuard.newToken(), connection, timeline, me, clock);
    http.setExecutor(server.threads);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  /** The URL to open, with the session token. */
  String url() {
    return base() + "/?token=" + guard.token();
  }

  String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  String token() {
    return guard.token();
  }

  private void handle(HttpExchange exchange) {
    // Closed after the catch blocks have answered (a try-with-resources would close it before).
    try {
      answer(exchange);
    } finally {
      exchange.close();
    }
  }

  private void answer(HttpExchange exchange) {
    try {
      var headers = exchange.getResponseHeaders();
      headers.set("Cache-Control", "no-store");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set(
          "Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
              + " img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
      Map<String, String> query = UiFilter.query(exchange.getRequestURI().getRawQuery());
      String presented = exchange.getRequestHeaders().getFirst(UiGuard.TOKEN_HEADER);
      String method = exchange.getRequestMethod();
      if (presented == null && "GET".equals(method)) {
        // EventSource and download links cannot set headers: for GET the query may carry it.
        presented = query.get("token");
      }
      var refusal =
          guard.refuse(
              exchange.getRequestHeaders().getFirst("Host"),
              exchange.getRequestHeaders().getFirst("Origin"),
              exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"),
              presented);
      if (refusal.isPresent()) {
        text(exchange, 403, "forbidden: " + refusal.get());
        return;
      }
      route(exchange, method, exchange.getRequestURI().getPath());
    } catch (CliError e) {
      error(exchange, status(e.exitCode()), e.getMessage());
    } catch (KubernetesClientException e) {
      CliError error = Failures.translate(e, "talk to the API server");
      error(exchange, status(error.exitCode()), error.getMessage());
    } catch (IllegalArgumentException e) {
      error(exchange, 400, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      // The browser went away (a closed tab, a reload): nothing to tell anyone.
    } catch (RuntimeException e) {
      error(exchange, 500, e.getClass().getSimpleName() + ": " + Failures.describe(e));
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    Matcher decision = DECISION.matcher(path);
    if (decision.matches()) {
      if (!"POST".equals(method)) {
        error(exchange, 405, "POST a decision");
        return;
      }
      decide(exchange, decision.group(1), decision.group(2));
      return;
    }
    if (!"GET".equals(method)) {
      error(exchange, 405, "only GET here");
      return;
    }
    Matcher story = STORY.matcher(path);
    String rawQuery = exchange.getRequestURI().getRawQuery();
    switch (path) {
      case "/", "/index.html" -> page(exchange);
      case "/api/session" -> json(exchange, 200, session());
      case "/api/requests" -> json(exchange, 200, list(rawQuery));
      case "/api/watch" -> watch(exchange);
      case "/api/export.json" -> export(exchange, rawQuery, false);
      case "/api/export.csv" -> export(exchange, rawQuery, true);
      default -> {
        if (STATIC.containsKey(path)) {
          send(exchange, 200, STATIC.get(path) + "; charset=utf-8", resource(path.substring(8)));
        } else if (story.matches()) {
          json(exchange, 200, stories.of(story.group(1), story.group(2)));
        } else {
          error(exchange, 404, "no such page: " + path);
        }
      }
    }
  }

  private void page(HttpExchange exchange) throws IOException {
    String html =
        new String(resource("index.html"), StandardCharsets.UTF_8)
            .replace("__TOKEN__", guard.token());
    send(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> session() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("user", me.user());
    s.put("groups", me.groups());
    s.put("identitySource", me.source());
    s.put("server", connection.server());
    s.put("watching", timeline.readable());
    s.put("unreadable", timeline.unreadable());
    return s;
  }

  /** The filtered timeline's first {@code limit} rows, the total, and the counts per phase. */
  Map<String, Object> list(String rawQuery) {
    UiFilter filter = UiFilter.parse(rawQuery);
    UiFilter anyPhase = filter.anyPhase();
    String limitText = UiFilter.query(rawQuery).get("limit");
    int limit = limitText == null || limitText.isBlank() ? DEFAULT_LIMIT : limit(limitText);
    List<UiRow> rows = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    java.util.TreeSet<String> namespaces = new java.util.TreeSet<>();
    java.util.TreeSet<String> actions = new java.util.TreeSet<>();
    int total = 0;
    List<ActionRequest> requests = timeline.requests();
    if (rowCache.size() > requests.size()) {
      // Requests were deleted since: forget their rows.
      java.util.Set<String> live = new java.util.HashSet<>();
      requests.forEach(r -> live.add(r.getMetadata().getUid()));
      rowCache.keySet().retainAll(live);
    }
    for (ActionRequest r : requests) {
      UiRow row = row(r);
      namespaces.add(row.namespace());
      actions.add(row.action());
      if (!anyPhase.matches(r, row)) {
        continue;
      }
      counts.merge(row.phase(), 1, Integer::sum);
      if (filter.matches(r, row)) {
        total++;
        if (rows.size() < limit) {
          rows.add(row);
        }
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("total", total);
    answer.put("counts", counts);
    answer.put("namespaces", namespaces);
    answer.put("actions", actions);
    answer.put("items", rows);
    answer.put("unreadable", timeline.unreadable());
    return answer;
  }

  private UiRow row(ActionRequest r) {
    String uid = r.getMetadata().getUid();
    String version = r.getMetadata().getResourceVersion();
    if (uid == null || version == null) {
      return UiRow.of(r);
    }
    Map.Entry<String, UiRow> cached = rowCache.get(uid);
    if (cached != null && cached.getKey().equals(version)) {
      return cached.getValue();
    }
    UiRow row = UiRow.of(r);
    rowCache.put(uid, Map.entry(version, row));
    return row;
  }

  private static int limit(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw new IllegalArgumentException("limit needs a positive number: " + text);
  }

  private void export(HttpExchange exchange, String rawQuery, boolean csv) throws IOException {
    UiFilter filter = UiFilter.parse(rawQuery);
    List<UiRow> rows =
        timeline.requests().stream()
            .map(r -> Map.entry(r, row(r)))
            .filter(e -> filter.matches(e.getKey(), e.getValue()))
            .map(Map.Entry::getValue)
            .toList();
    exchange
        .getResponseHeaders()
        .set(
            "Content-Disposition",
            "attachment; filename=\"actionrequests." + (csv ? "csv" : "json") + "\"");
    if (csv) {
      StringBuilder out = new StringBuilder(String.join(",", UiRow.CSV_HEADER)).append("\r\n");
      rows.forEach(row -> out.append(row.csv()).append("\r\n"));
      send(
          exchange,
          200,
          "text/csv; charset=utf-8",
          out.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      json(exchange, 200, Map.of("items", rows));
    }
  }

  /** Approve or reject, exactly as {@code kubectl approve NAME --yes} would after showing it. */
  private void decide(HttpExchange exchange, String namespace, String name) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/json")) {
      error(exchange, 415, "send the decision as application/json");
      return;
    }
    Map<?, ?> body;
    try (InputStream in = exchange.getRequestBody()) {
      body = json.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the decision is not valid JSON");
    }
    String verdict = string(body, "decision");
    if (!"Approve".equals(verdict) && !"Reject".equals(verdict)) {
      throw new IllegalArgumentException("decision needs Approve or Reject: " + verdict);
    }
    if (!Boolean.TRUE.equals(body.get("confirmed"))) {
      throw new IllegalArgumentException("confirm the decision first (confirmed: true)");
    }
    String reason = string(body, "reason");
    boolean reject = "Reject".equals(verdict);
    if (reject && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(
          "a rejection needs a reason: the agent and the audit trail read it");
    }
    Object generation = body.get("generation");
    ApprovalFiling filing =
        new ApprovalFiling(
            connection.client(),
            connection.server(),
            namespace,
            name,
            string(body, "uid"),
            string(body, "specHash"),
            generation instanceof Number n ? n.longValue() : null);
    // The same checks as the command line's (phase, eligibility, uid, spec hash), then the
    // API server's own: RBAC and admission judge the Approval created with the user's credentials.
    Approval created =
        filing.file(
            me, reject, reason == null || reason.isBlank() ? null : reason, "Open it again");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("approval", created.getMetadata().getName());
    answer.put(
        "message",
        "approval "
            + created.getMetadata().getName()
            + " created: "
            + me.user()
            + (reject ? " rejects " : " approves ")
            + namespace
            + "/"
            + name
            + " (spec hash "
            + created.getSpec().specHash()
            + ")");
    json(exchange, 201, answer);
  }

  private static String string(Map<?, ?> body, String key) {
    Object v = body.get(key);
    return v == null ? null : String.valueOf(v);
  }

  /** Server-sent events: one {@code change} event per watch event, a comment every 15 s. */
  private void watch(HttpExchange exchange) throws IOException {
    LinkedBlockingQueue<UiTimeline.Change> changes = new LinkedBlockingQueue<>();
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try (AutoCloseable subscription = timeline.subscribe(changes::add)) {
      out.write("retry: 2000\n: watching\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!closed) {
        UiTimeline.Change change = changes.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        String frame =
            change == null
                ? ": keep-alive\n\n"
                : "event: change\ndata: " + json.asJson(change) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int status(ExitCode code) {
    return switch (code) {
      case NOT_FOUND -> 404;
      case FORBIDDEN, NOT_AN_APPROVER -> 403;
      case STALE_VIEW, NOT_AWAITING_APPROVAL -> 409;
      case USAGE -> 400;
      case NO_CLUSTER -> 502;
      default -> 500;
    };
  }

  private void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(
        exchange,
        status,
        "application/json; charset=utf-8",
        json.asJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private void error(HttpExchange exchange, int status, String message) {
    try {
      json(exchange, status, Map.of("error", message == null ? "error" : message));
    } catch (IOException | RuntimeException e) {
      // The answer could not be sent (the browser went away, or the headers were already out).
    }
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = UiServer.class.getResourceAsStream("ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the plugin's jar lacks ui/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    http.stop(0);
    threads.shutdownNow();
  }
}
