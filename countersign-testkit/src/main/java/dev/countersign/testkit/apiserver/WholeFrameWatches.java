package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Sends each watch event as one WebSocket frame, as a real API server does.
 *
 * <p>The mock server's Vert.x WebSocket splits a message over 64 KiB into several frames, and
 * Fabric8's Vert.x client (7.3, the operator's) then never delivers it: it asks for one more frame
 * per message, so the rest of a split message is never read and the watch stalls without an error.
 * Writing the whole event as a single final frame avoids the split. The mock server does not expose
 * its Vert.x socket, so it is read from the wrapper's field; when that is not possible (another
 * version), events are sent as before.
 */
final class WholeFrameWatches extends Dispatcher {
  private static final Optional<Field> SOCKET = socketField();
  private static final UnaryOperator<WebSocket> WHOLE_FRAMES = WholeFrames::new;

  private final Dispatcher next;

  WholeFrameWatches(Dispatcher next) {
    this.next = next;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = next.dispatch(request);
    // A canned answer is the same object every time: wrap its listener once.
    if (response != null
        && response.getWebSocketListener() != null
        && !(response.getWebSocketListener() instanceof SocketSwappingListener swapping
            && swapping.swapsWith(WHOLE_FRAMES))
        && SOCKET.isPresent()) {
      response.withWebSocketUpgrade(
          new SocketSwappingListener(response.getWebSocketListener(), WHOLE_FRAMES));
    }
    return response;
  }

  private static Optional<Field> socketField() {
    try {
      Field field =
          Class.forName("io.fabric8.mockwebserver.vertx.VertxMockWebSocket")
              .getDeclaredField("webSocket");
      field.setAccessible(true);
      return field.getType() == ServerWebSocket.class ? Optional.of(field) : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Text goes out as one final frame; everything else as the mock server sends it. */
  private record WholeFrames(WebSocket socket) implements WebSocket {
    @Override
    public RecordedRequest request() {
      return socket.request();
    }

    @Override
    public boolean send(String text) {
      ServerWebSocket vertx = vertxSocket();
      if (vertx == null) {
        return socket.send(text);
      }
      vertx.writeFrame(WebSocketFrame.textFrame(text, true));
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return socket.send(bytes);
    }

    @Override
    public boolean close(int code, String reason) {
      return socket.close(code, reason);
    }

    private ServerWebSocket vertxSocket() {
      try {
        return SOCKET.isPresent() && SOCKET.get().getDeclaringClass().isInstance(socket)
            ? (ServerWebSocket) SOCKET.get().get(socket)
            : null;
      } catch (IllegalAccessException e) {
        return null;
      }
    }
  }
}
