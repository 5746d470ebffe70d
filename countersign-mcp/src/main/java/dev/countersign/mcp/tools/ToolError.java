package dev.countersign.mcp.tools;

/**
 * A tool call that cannot be answered, with what was wrong in words an agent can act on. It becomes
 * an {@code isError} result (the MCP way for a tool to fail), never a stack trace; nothing was
 * filed.
 */
public final class ToolError extends RuntimeException {
  /** What kind of failure, also the {@code outcome} label of the call metrics. */
  public enum Kind {
    InvalidArgument,
    NotFound,
    Forbidden,
    Conflict,
    RateLimited,
    TooManyInFlight,
    Unavailable
  }

  private final Kind kind;

  public ToolError(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static ToolError invalid(String message) {
    return new ToolError(Kind.InvalidArgument, message);
  }
}
