package dev.countersign.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;

/** One of the door's tools: its definition (schemas, annotations) and what it does. */
public interface DoorTool {
  McpSchema.Tool definition();

  /** Answers the call, or throws {@link ToolError} saying what was wrong. */
  ToolOutput call(ToolCall call);

  default String name() {
    return definition().name();
  }
}
