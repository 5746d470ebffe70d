package dev.countersign.mcp.tools;

import java.util.Map;

/**
 * What a tool answers: structured content, a short text for models, and for the audit line the
 * request it filed or read.
 *
 * @param structured the structured content, as the tool's output schema describes
 * @param text a short text for models
 * @param request namespace/name of the request filed or read, or null
 * @param filed whether this call filed a new request
 */
public record ToolOutput(
    Map<String, Object> structured, String text, String request, boolean filed) {}
