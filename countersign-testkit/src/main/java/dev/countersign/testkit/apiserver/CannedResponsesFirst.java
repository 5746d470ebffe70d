package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * Answers a request from the canned responses queued for its method and path ({@link
 * EmbeddedApiServer#expect()}) when there is one, and from the store otherwise: what Fabric8's
 * {@code KubernetesMixedDispatcher} does, around a store of our choosing.
 */
final class CannedResponsesFirst extends Dispatcher {
  private final Map<ServerRequest, Queue<ServerResponse>> responses;
  private final MockDispatcher canned;
  private final Dispatcher store;

  CannedResponsesFirst(Map<ServerRequest, Queue<ServerResponse>> responses, Dispatcher store) {
    this.responses = responses;
    this.canned = new MockDispatcher(responses);
    this.store = store;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<ServerResponse> queued =
        responses.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (queued != null && !queued.isEmpty()) {
      return canned.dispatch(request);
    }
    return store.dispatch(request);
  }
}
