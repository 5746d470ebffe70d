package dev.countersign.mcp.tools;

import dev.countersign.mcp.audit.AuditLine;
import dev.countersign.mcp.auth.Caller;
import dev.countersign.mcp.limits.CallerLimits;
import dev.countersign.mcp.metrics.ToolMetrics;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every tool the same way: the caller's limits first, then the tool; a {@link ToolError} or a
 * failure becomes an {@code isError} result that says what was wrong (never a stack trace); every
 * call is counted by tool and outcome and written as one audit line.
 */
public final class ToolRunner {
  /** Key of the verified {@link Caller} in the MCP transport context. */
  public static final String CALLER = "countersign.caller";

  /** Key of the function from a progress token to a {@link Progress} in the transport context. */
  public static final String PROGRESS = "countersign.progress";

  private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);

  private final CallerLimits limits;
  private final ToolMetrics metrics;
  private final AuditLine audit;

  public ToolRunner(CallerLimits limits, ToolMetrics metrics, AuditLine audit) {
    this.limits = limits;
    this.metrics = metrics;
    this.audit = audit;
  }

  public SyncToolSpecification specification(DoorTool tool) {
    return new SyncToolSpecification(
        tool.definition(), (context, call) -> run(tool, context, call));
  }

  @SuppressWarnings("unchecked")
  CallToolResult run(DoorTool tool, McpTransportContext context, CallToolRequest call) {
    Caller caller = (Caller) context.get(CALLER);
    if (caller == null) {
      // The endpoint authenticates before the SDK sees a message; this is a wiring error.
      return error("Unauthorized", "no verified identity; nothing was done");
    }
    var progressOf = (Function<Object, Progress>) context.get(PROGRESS);
    Object token = call.meta() == null ? null : call.meta().get("progressToken");
    Progress progress =
        progressOf == null || token == null ? Progress.NONE : progressOf.apply(token);
    long started = System.nanoTime();
    String outcome = "ok";
    String request = null;
    boolean filed = false;
    try (var permit = limits.acquire(caller.username())) {
      ToolOutput output = tool.call(new ToolCall(caller, call.arguments(), progress));
      request = output.request();
      filed = output.filed();
      return CallToolResult.builder()
          .structuredContent(output.structured())
          .addTextContent(output.text())
          .isError(false)
          .build();
    } catch (ToolError e) {
      outcome = e.kind().name();
      return error(outcome, e.getMessage());
    } catch (KubernetesClientException e) {
      outcome = ToolError.Kind.Unavailable.name();
      LOG.warn(
          "{} for {}: the API server answered HTTP {}",
          tool.name(),
          caller.username(),
          e.getCode());
      return error(
          outcome,
          "the API server could not be read (HTTP "
              + e.getCode()
              + "); nothing was filed; retry later");
    } catch (RuntimeException e) {
      outcome = "Error";
      LOG.warn("{} for {} failed", tool.name(), caller.username(), e);
      return error(outcome, "internal error in the MCP door; nothing was filed");
    } finally {
      metrics.called(tool.name(), outcome, Duration.ofNanos(System.nanoTime() - started));
      audit.write(caller.username(), tool.name(), outcome, request, filed);
    }
  }

  private static CallToolResult error(String kind, String message) {
    return CallToolResult.builder().addTextContent(kind + ": " + message).isError(true).build();
  }
}
