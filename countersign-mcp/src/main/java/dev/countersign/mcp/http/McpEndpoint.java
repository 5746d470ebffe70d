package dev.countersign.mcp.http;

import dev.countersign.mcp.auth.TokenReviewer;
import dev.countersign.mcp.metrics.ToolMetrics;
import dev.countersign.mcp.tools.ToolRunner;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The MCP endpoint ({@code /mcp}): every call must carry {@code Authorization: Bearer <token>}, a
 * token the API server vouches for in a TokenReview for the door's audience. Without one, or with a
 * bad one, the answer is 401 with a {@code WWW-Authenticate} header that points to the Protected
 * Resource Metadata, as the MCP authorization spec (RFC 9728, RFC 6750) describes; no MCP message
 * is read. Authenticated calls go to the SDK's stateless transport with the verified caller.
 */
public final class McpEndpoint extends HttpServlet {
  /** Request attribute holding the verified caller, for the transport's context extractor. */
  static final String CALLER_ATTRIBUTE = ToolRunner.CALLER;

  static final String PROGRESS_ATTRIBUTE = ToolRunner.PROGRESS;

  private final transient HttpServletStatelessServerTransport transport;
  private final transient TokenReviewer reviewer;
  private final transient ResourceMetadata metadata;
  private final transient ToolMetrics metrics;
  private final transient McpJsonMapper json;

  public McpEndpoint(
      HttpServletStatelessServerTransport transport,
      TokenReviewer reviewer,
      ResourceMetadata metadata,
      ToolMetrics metrics,
      McpJsonMapper json) {
    this.transport = transport;
    this.reviewer = reviewer;
    this.metadata = metadata;
    this.metrics = metrics;
    this.json = json;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (token == null || token.isEmpty()) {
      metrics.unauthorized("missing");
      unauthorized(request, response, null, "an Authorization: Bearer token is required");
      return;
    }
    switch (reviewer.review(token)) {
      case TokenReviewer.Refused refused -> {
        metrics.unauthorized("invalid");
        unauthorized(request, response, "invalid_token", refused.why());
      }
      case TokenReviewer.Unavailable unavailable -> {
        metrics.unauthorized("unavailable");
        response.setStatus(503);
        response.setHeader("Retry-After", "5");
        writeJson(
            response,
            Map.of(
                "error",
                "temporarily_unavailable",
                "error_description",
                unavailable.why() + "; nothing was done"));
      }
      case TokenReviewer.Authenticated authenticated -> {
        ProgressStream stream = new ProgressStream(response, json);
        request.setAttribute(CALLER_ATTRIBUTE, authenticated.caller());
        request.setAttribute(
            PROGRESS_ATTRIBUTE, (java.util.function.Function<Object, Object>) stream::progress);
        transport.service(request, stream);
      }
    }
  }

  private void unauthorized(
      HttpServletRequest request, HttpServletResponse response, String error, String description)
      throws IOException {
    StringBuilder challenge =
        new StringBuilder("Bearer resource_metadata=\"")
            .append(metadata.metadataUrl(request))
            .append('"');
    if (error != null) {
      challenge
          .append(", error=\"")
          .append(error)
          .append("\", error_description=\"")
          .append(description.replace("\"", "'").replace("\\", ""))
          .append('"');
    }
    response.setStatus(401);
    response.setHeader("WWW-Authenticate", challenge.toString());
    writeJson(
        response,
        Map.of(
            "error", error == null ? "invalid_request" : error, "error_description", description));
  }

  private void writeJson(HttpServletResponse response, Map<String, Object> body)
      throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json.writeValueAsString(body));
  }
}
