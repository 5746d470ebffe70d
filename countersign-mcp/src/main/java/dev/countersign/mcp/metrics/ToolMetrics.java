package dev.countersign.mcp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The door's metrics, scraped at {@code /metrics}:
 *
 * <ul>
 *   <li>{@code countersign_mcp_tool_calls_total{tool, outcome}}: tool calls by tool and outcome
 *       ({@code ok}, or the error kind: InvalidArgument, NotFound, Forbidden, Conflict,
 *       RateLimited, TooManyInFlight, Unavailable, Error);
 *   <li>{@code countersign_mcp_tool_call_seconds{tool}}: how long calls take;
 *   <li>{@code countersign_mcp_unauthorized_total{reason}}: calls refused with 401 (missing,
 *       invalid) or 503 (unavailable: the TokenReview could not be made).
 * </ul>
 */
public final class ToolMetrics {
  private final PrometheusMeterRegistry registry;

  public ToolMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public void called(String tool, String outcome, Duration took) {
    Counter.builder("countersign_mcp_tool_calls")
        .description("MCP tool calls by tool and outcome")
        .tag("tool", tool)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("countersign_mcp_tool_call")
        .description("How long MCP tool calls take")
        .tag("tool", tool)
        .register(registry)
        .record(took);
  }

  public void unauthorized(String reason) {
    Counter.builder("countersign_mcp_unauthorized")
        .description("MCP calls refused before any tool ran")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
