package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a status update made from a stale copy with 409 Conflict, as a real API server does.
 *
 * <p>Fabric8's mock server (7.3) compares {@code metadata.resourceVersion} on a PUT of an object
 * but not on a PUT of its {@code /status}: there, a status written from an outdated copy silently
 * replaced a newer one, which a cluster never allows and which Countersign's status writes rely on
 * (each carries the resourceVersion it was computed from). Writes pass through one at a time (the
 * mock's store serializes them anyway), so the comparison and the write cannot be interleaved.
 */
final class OptimisticStatusWrites extends Dispatcher {
  private static final String STATUS = "/status";

  private final Dispatcher store;

  OptimisticStatusWrites(Dispatcher store) {
    this.store = store;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (!isWrite(request.method())) {
      return store.dispatch(request);
    }
    synchronized (this) {
      String path = withoutQuery(request.getPath());
      if (request.method() == HttpMethod.PUT && path.endsWith(STATUS)) {
        String expected = resourceVersion(utf8(request.getBody()));
        if (expected != null) {
          String objectPath = path.substring(0, path.length() - STATUS.length());
          MockResponse current =
              store.dispatch(
                  new RecordedRequest(
                      "HTTP/1.1",
                      HttpMethod.GET,
                      objectPath,
                      Headers.builder().build(),
                      new Buffer()));
          String actual =
              current.code() == 200 && current.getBody() != null
                  ? resourceVersion(utf8(current.getBody()))
                  : null;
          if (actual != null && !actual.equals(expected)) {
            return conflict(objectPath);
          }
        }
      }
      return store.dispatch(request);
    }
  }

  @Override
  public void shutdown() {
    store.shutdown();
  }

  private static boolean isWrite(HttpMethod method) {
    return method == HttpMethod.PUT
        || method == HttpMethod.PATCH
        || method == HttpMethod.POST
        || method == HttpMethod.DELETE;
  }

  private static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The body as text, without consuming it (the store reads it next). */
  private static String utf8(Buffer body) {
    return body == null ? null : new String(body.getBytes(), StandardCharsets.UTF_8);
  }

  /** The body's metadata.resourceVersion, or null when it names none (an unconditional write). */
  private static String resourceVersion(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode version =
          Serialization.jsonMapper().readTree(json).path("metadata").path("resourceVersion");
      return version.isTextual() && !version.asText().isEmpty() ? version.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static MockResponse conflict(String objectPath) {
    String name = objectPath.substring(objectPath.lastIndexOf('/') + 1);
    String message =
        "Operation cannot be fulfilled on "
            + name
            + ": the object has been modified; please apply your changes to the latest version"
            + " and try again";
    String body = FailureStatus.json(409, "Conflict", message, null);
    return new MockResponse()
        .setResponseCode(409)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
