package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.lang.reflect.Field;
import java.util.Optional;

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
        && !(response.getWebSocketListener() instanceof Listener)
        && SOCKET.isPresent()) {
      response.withWebSocketUpgrade(new Listener(response.getWebSocketListener()));
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

  /** The watch's own listener, handed a socket that writes whole frames. */
  private static final class Listener extends WebSocketListener {
    private final WebSocketListener watch;

    Listener(WebSocketListener watch) {
      this.watch = watch;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      watch.onBeforeAccept(new WholeFrames(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      watch.onOpen(new WholeFrames(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      watch.onMessage(new WholeFrames(webSocket), text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      watch.onMessage(new WholeFrames(webSocket), bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      watch.onMessage(new WholeFrames(webSocket), bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      watch.onClosing(new WholeFrames(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      watch.onClosed(new WholeFrames(webSocket), code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      watch.onFailure(new WholeFrames(webSocket), error, response);
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
