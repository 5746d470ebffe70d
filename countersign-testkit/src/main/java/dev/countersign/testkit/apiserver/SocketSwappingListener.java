package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.function.UnaryOperator;

/**
 * A watch's own listener, handed another socket in every callback: the way a hook changes how (or
 * whether) a watch's events are sent without touching the watch itself.
 */
final class SocketSwappingListener extends WebSocketListener {
  private final WebSocketListener watch;
  private final UnaryOperator<WebSocket> swap;

  SocketSwappingListener(WebSocketListener watch, UnaryOperator<WebSocket> swap) {
    this.watch = watch;
    this.swap = swap;
  }

  /** Whether this listener was made by {@code hook}'s own swap (to wrap a canned answer once). */
  boolean swapsWith(UnaryOperator<WebSocket> hook) {
    return swap == hook;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    watch.onBeforeAccept(swap.apply(webSocket), response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    watch.onOpen(swap.apply(webSocket), response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    watch.onMessage(swap.apply(webSocket), text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    watch.onMessage(swap.apply(webSocket), bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    watch.onMessage(swap.apply(webSocket), bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    watch.onClosing(swap.apply(webSocket), code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    watch.onClosed(swap.apply(webSocket), code, reason);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable error, Response response) {
    watch.onFailure(swap.apply(webSocket), error, response);
  }
}
