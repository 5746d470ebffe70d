package dev.countersign.mcp.http;

import dev.countersign.mcp.tools.Progress;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Lets a tool send MCP progress notifications on a stateless server. The SDK's stateless Streamable
 * HTTP transport answers every POST with one JSON body; the protocol also allows the answer to a
 * POST to be an SSE stream that carries notifications about that request before its response, which
 * needs no session. This wrapper turns the response into such a stream at the first progress
 * notification, and the SDK's JSON body, when it comes, into the stream's last event. A call that
 * reports no progress is answered with plain JSON, exactly as the SDK writes it. Written here
 * because the SDK's stateless transport offers no way to send a notification.
 */
final class ProgressStream extends HttpServletResponseWrapper {
  private final McpJsonMapper json;
  private boolean streaming;
  private PrintWriter events;

  ProgressStream(HttpServletResponse response, McpJsonMapper json) {
    super(response);
    this.json = json;
  }

  /** A progress channel for one token, writing to this response. */
  Progress progress(Object token) {
    return (progress, total, message) ->
        send(
            new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION,
                McpSchema.METHOD_NOTIFICATION_PROGRESS,
                new McpSchema.ProgressNotification(token, progress, total, message)));
  }

  private synchronized void send(Object message) {
    try {
      if (!streaming) {
        streaming = true;
        HttpServletResponse response = (HttpServletResponse) getResponse();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        events = response.getWriter();
      }
      events.write("event: message\ndata: " + json.writeValueAsString(message) + "\n\n");
      events.flush();
      getResponse().flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void setContentType(String type) {
    if (!streaming) {
      super.setContentType(type);
    }
  }

  @Override
  public void setCharacterEncoding(String charset) {
    if (!streaming) {
      super.setCharacterEncoding(charset);
    }
  }

  @Override
  public void setStatus(int status) {
    if (!streaming) {
      super.setStatus(status);
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (!streaming) {
      return super.getWriter();
    }
    // The SDK writes the response's JSON and flushes: that becomes the stream's last event.
    return new PrintWriter(
        new Writer() {
          private final StringBuilder body = new StringBuilder();

          @Override
          public void write(char[] chars, int offset, int length) {
            body.append(chars, offset, length);
          }

          @Override
          public void flush() {
            if (!body.isEmpty()) {
              synchronized (ProgressStream.this) {
                events.write("event: message\ndata: " + body + "\n\n");
                events.flush();
              }
              body.setLength(0);
            }
          }

          @Override
          public void close() {
            flush();
          }
        });
  }
}
