package dev.countersign.mcp.tools;

/** Sends MCP progress notifications for the call in hand, when its client asked for them. */
public interface Progress {
  /** Reports progress; does nothing when the client sent no progress token. */
  void report(double progress, Double total, String message);

  Progress NONE = (progress, total, message) -> {};
}
