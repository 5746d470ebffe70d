package dev.countersign.mcp;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The front door's settings, read from the environment the chart sets (each name in parentheses).
 *
 * @param port the HTTP port ({@code COUNTERSIGN_MCP_PORT}, 8090)
 * @param resourceUrl the URL agents reach the MCP endpoint at, named in the Protected Resource
 *     Metadata ({@code COUNTERSIGN_MCP_RESOURCE_URL}; by default the request's own URL)
 * @param audience the audience an agent's token must be bound to ({@code COUNTERSIGN_MCP_AUDIENCE},
 *     countersign)
 * @param authorizationServers the issuers that mint those tokens, for the metadata ({@code
 *     COUNTERSIGN_MCP_AUTHORIZATION_SERVERS}, comma-separated; the cluster's service account
 *     issuer)
 * @param doorIdentity the door's own ServiceAccount user name, which it never files for ({@code
 *     COUNTERSIGN_MCP_SERVICE_ACCOUNT}, namespace:name)
 * @param operatorIdentity the operator's ServiceAccount user name, which it never files for ({@code
 *     COUNTERSIGN_OPERATOR_SERVICE_ACCOUNT}, namespace:name)
 * @param allowHumanRequesters whether users who are not service accounts may file through the door
 *     ({@code COUNTERSIGN_MCP_ALLOW_HUMANS}, false); the admission policy must allow it too
 * @param callsPerMinute tool calls one identity may make per minute ({@code
 *     COUNTERSIGN_MCP_CALLS_PER_MINUTE}, 60)
 * @param maxInFlight tool calls one identity may have running at once ({@code
 *     COUNTERSIGN_MCP_MAX_IN_FLIGHT}, 4)
 * @param maxWait the longest wait_for_request may block ({@code COUNTERSIGN_MCP_MAX_WAIT}, 60s)
 * @param maxRequestBytes the largest JSON-RPC message accepted ({@code
 *     COUNTERSIGN_MCP_MAX_REQUEST_BYTES}, 65536)
 */
public record DoorConfig(
    int port,
    String resourceUrl,
    String audience,
    List<String> authorizationServers,
    String doorIdentity,
    String operatorIdentity,
    boolean allowHumanRequesters,
    int callsPerMinute,
    int maxInFlight,
    Duration maxWait,
    int maxRequestBytes) {

  /** The longest wait the protocol's tool allows, whatever the setting. */
  public static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

  public DoorConfig {
    authorizationServers = List.copyOf(authorizationServers);
    if (maxWait.compareTo(WAIT_LIMIT) > 0) {
      maxWait = WAIT_LIMIT;
    }
  }

  /** The defaults, for the door's ServiceAccount in {@code countersign-system}. */
  public static DoorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /** Settings from environment variables, with the defaults above for any not set. */
  public static DoorConfig fromEnvironment(Map<String, String> env) {
    Function<String, String> get = name -> env.getOrDefault(name, "");
    return new DoorConfig(
        intOr(get.apply("COUNTERSIGN_MCP_PORT"), 8090),
        get.apply("COUNTERSIGN_MCP_RESOURCE_URL"),
        or(get.apply("COUNTERSIGN_MCP_AUDIENCE"), "countersign"),
        Arrays.stream(
                or(
                        get.apply("COUNTERSIGN_MCP_AUTHORIZATION_SERVERS"),
                        "https://kubernetes.default.svc.cluster.local")
                    .split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        serviceAccount(
            or(get.apply("COUNTERSIGN_MCP_SERVICE_ACCOUNT"), "countersign-system:countersign-mcp")),
        serviceAccount(
            or(
                get.apply("COUNTERSIGN_OPERATOR_SERVICE_ACCOUNT"),
                "countersign-system:countersign")),
        Boolean.parseBoolean(get.apply("COUNTERSIGN_MCP_ALLOW_HUMANS")),
        intOr(get.apply("COUNTERSIGN_MCP_CALLS_PER_MINUTE"), 60),
        intOr(get.apply("COUNTERSIGN_MCP_MAX_IN_FLIGHT"), 4),
        get.apply("COUNTERSIGN_MCP_MAX_WAIT").isEmpty()
            ? WAIT_LIMIT
            : Duration.parse("PT" + get.apply("COUNTERSIGN_MCP_MAX_WAIT").toUpperCase()),
        intOr(get.apply("COUNTERSIGN_MCP_MAX_REQUEST_BYTES"), 65536));
  }

  /** With other per-identity limits (tests, benchmarks). */
  public DoorConfig withLimits(int newCallsPerMinute, int newMaxInFlight) {
    return new DoorConfig(
        port,
        resourceUrl,
        audience,
        authorizationServers,
        doorIdentity,
        operatorIdentity,
        allowHumanRequesters,
        newCallsPerMinute,
        newMaxInFlight,
        maxWait,
        maxRequestBytes);
  }

  /** On another port (0: any free one). */
  public DoorConfig withPort(int newPort) {
    return new DoorConfig(
        newPort,
        resourceUrl,
        audience,
        authorizationServers,
        doorIdentity,
        operatorIdentity,
        allowHumanRequesters,
        callsPerMinute,
        maxInFlight,
        maxWait,
        maxRequestBytes);
  }

  private static String serviceAccount(String namespaceAndName) {
    return "system:serviceaccount:" + namespaceAndName;
  }

  private static String or(String value, String fallback) {
    return value.isBlank() ? fallback : value.trim();
  }

  private static int intOr(String value, int fallback) {
    return value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
