package dev.countersign.mcp.http;

import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OAuth 2.0 Protected Resource Metadata (RFC 9728) of the MCP endpoint, at {@code
 * /.well-known/oauth-protected-resource/mcp} (and without the path suffix): which resource this is,
 * which authorization servers issue its tokens (the cluster's ServiceAccount issuer: agents use
 * projected ServiceAccount tokens with the door's audience), and that tokens go in the header.
 */
public final class ResourceMetadata extends HttpServlet {
  public static final String PATH = "/.well-known/oauth-protected-resource";

  private final String resourceUrl;
  private final List<String> authorizationServers;
  private final String audience;
  private final transient McpJsonMapper json;

  public ResourceMetadata(
      String resourceUrl, List<String> authorizationServers, String audience, McpJsonMapper json) {
    this.resourceUrl = resourceUrl;
    this.authorizationServers = List.copyOf(authorizationServers);
    this.audience = audience;
    this.json = json;
  }

  /** The MCP endpoint's URL: configured, or as this request reached the server. */
  String resource(HttpServletRequest request) {
    if (resourceUrl != null && !resourceUrl.isBlank()) {
      return resourceUrl;
    }
    return base(request) + "/mcp";
  }

  /** Where the metadata of the resource is. */
  String metadataUrl(HttpServletRequest request) {
    String resource = resource(request);
    java.net.URI uri = java.net.URI.create(resource);
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    return origin + PATH + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static String base(HttpServletRequest request) {
    return request.getScheme() + "://" + request.getHeader("Host");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resource", resource(request));
    body.put("authorization_servers", authorizationServers);
    body.put("bearer_methods_supported", List.of("header"));
    body.put("resource_name", "Countersign MCP front door");
    body.put(
        "resource_documentation",
        "Present a projected ServiceAccount token with audience "
            + audience
            + " as Authorization: Bearer <token>.");
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json.writeValueAsString(body));
  }
}
