package dev.countersign.bench;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API calls one client makes (recognised by its bearer token), by kind: the method, the
 * resource and the subresource, e.g. {@code PUT actionrequests/status}. Watches are counted apart
 * ({@code WATCH ...}): they are opened once and stay open, so they are not a per-decision cost.
 * Wraps the embedded API server's store, behind authentication and authorization.
 */
final class ApiCalls {
  private final String authorization;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  ApiCalls(String token) {
    this.authorization = "Bearer " + token;
  }

  /** The hook for {@code ServerOptions.around}. */
  Dispatcher around(Dispatcher store) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (authorization.equals(request.getHeader("Authorization"))) {
          counts.computeIfAbsent(kind(request), k -> new LongAdder()).increment();
        }
        return store.dispatch(request);
      }
    };
  }

  /** The counts so far, by kind, sorted by kind. */
  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((kind, count) -> copy.put(kind, count.sum()));
    return copy;
  }

  /** What was counted between two snapshots. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (kind, count) -> {
          long d = count - before.getOrDefault(kind, 0L);
          if (d > 0) {
            delta.put(kind, d);
          }
        });
    return delta;
  }

  /**
   * {@code METHOD resource[/subresource]}: {@code /apis/G/V/namespaces/NS/R/NAME/SUB} and {@code
   * /api/v1/R/NAME} alike; a GET of a collection is a LIST, with {@code watch=true} a WATCH.
   */
  static String kind(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String q = query < 0 ? "" : path.substring(query + 1);
    String[] parts = (query < 0 ? path : path.substring(0, query)).split("/");
    // ["", "api", "v1", ...] or ["", "apis", group, version, ...]
    int i = parts.length > 1 && "api".equals(parts[1]) ? 3 : 4;
    if (i + 1 < parts.length && "namespaces".equals(parts[i]) && i + 2 < parts.length) {
      i += 2;
    }
    String resource = i < parts.length ? parts[i] : "(discovery)";
    boolean named = i + 1 < parts.length;
    String sub = i + 2 < parts.length ? "/" + parts[i + 2] : "";
    String method = request.getMethod();
    if ("GET".equals(method) && !named) {
      method = q.contains("watch=true") || q.contains("watch=1") ? "WATCH" : "LIST";
    }
    return method + " " + resource + sub;
  }
}
