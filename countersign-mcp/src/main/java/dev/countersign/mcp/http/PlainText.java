package dev.countersign.mcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** A GET endpoint answering plain text: {@code /metrics} (Prometheus) and {@code /healthz}. */
public final class PlainText extends HttpServlet {
  private final transient Supplier<String> body;
  private final String contentType;

  public PlainText(Supplier<String> body, String contentType) {
    this.body = body;
    this.contentType = contentType;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType(contentType);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(body.get());
  }
}
