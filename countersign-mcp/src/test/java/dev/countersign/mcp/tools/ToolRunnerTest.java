package dev.countersign.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.mcp.audit.AuditLine;
import dev.countersign.mcp.auth.Caller;
import dev.countersign.mcp.limits.CallerLimits;
import dev.countersign.mcp.metrics.ToolMetrics;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One audit line and one metric per call, whatever the tool did; failures never leak traces. */
class ToolRunnerTest {
  private static final Caller AGENT =
      new Caller("system:serviceaccount:shop:ops-agent", List.of("system:serviceaccounts"));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneOffset.UTC);

  private final List<String> audit = new ArrayList<>();
  private final ToolMetrics metrics =
      new ToolMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final ToolRunner runner =
      new ToolRunner(new CallerLimits(100, 4, CLOCK), metrics, new AuditLine(CLOCK, audit::add));

  private static DoorTool tool(Function<ToolCall, ToolOutput> body) {
    McpSchema.Tool definition =
        McpSchema.Tool.builder()
            .name("request_scale")
            .inputSchema(Map.of("type", "object"))
            .build();
    return new DoorTool() {
      @Override
      public McpSchema.Tool definition() {
        return definition;
      }

      @Override
      public ToolOutput call(ToolCall call) {
        return body.apply(call);
      }
    };
  }

  private McpSchema.CallToolResult run(DoorTool tool) {
    return runner.run(
        tool,
        McpTransportContext.create(Map.of(ToolRunner.CALLER, AGENT)),
        new McpSchema.CallToolRequest("request_scale", Map.of()));
  }

  @Test
  void aFilingCallWritesOneAuditLineNamingTheIdentityToolAndRequest() {
    var result = run(tool(call -> new ToolOutput(Map.of("name", "r1"), "Filed", "shop/r1", true)));

    assertThat(result.isError()).isFalse();
    assertThat(audit)
        .containsExactly(
            "{\"time\":\"2026-12-03T01:00:00Z\",\"component\":\"countersign-mcp\","
                + "\"identity\":\"system:serviceaccount:shop:ops-agent\",\"tool\":\"request_scale\","
                + "\"outcome\":\"ok\",\"request\":\"shop/r1\",\"filed\":true}");
    assertThat(metrics.scrape())
        .contains("countersign_mcp_tool_calls_total{outcome=\"ok\",tool=\"request_scale\"} 1.0");
  }

  @Test
  void anApiServerFailureIsUnavailableWithoutItsDetails() {
    var result =
        run(
            tool(
                call -> {
                  throw new KubernetesClientException("secret detail", 500, null);
                }));

    assertThat(result.isError()).isTrue();
    assertThat(((McpSchema.TextContent) result.content().get(0)).text())
        .isEqualTo(
            "Unavailable: the API server could not be read (HTTP 500); nothing was filed; retry"
                + " later");
    assertThat(audit).singleElement().asString().contains("\"outcome\":\"Unavailable\"");
  }

  @Test
  void anUnexpectedFailureIsAnErrorWithoutAStackTrace() {
    var result =
        run(
            tool(
                call -> {
                  throw new IllegalStateException("boom at line 42");
                }));

    assertThat(((McpSchema.TextContent) result.content().get(0)).text())
        .isEqualTo("Error: internal error in the MCP door; nothing was filed");
    assertThat(audit).singleElement().asString().contains("\"outcome\":\"Error\"");
  }
}
