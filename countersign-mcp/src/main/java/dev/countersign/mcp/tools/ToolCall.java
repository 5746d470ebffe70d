package dev.countersign.mcp.tools;

import dev.countersign.mcp.auth.Caller;
import java.util.Map;

/**
 * One tool call: the verified caller, the arguments as sent, and the progress channel.
 *
 * @param caller whom the TokenReview proved
 * @param arguments the arguments, unchecked
 * @param progress progress notifications for this call
 */
public record ToolCall(Caller caller, Map<String, Object> arguments, Progress progress) {}
