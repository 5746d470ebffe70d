package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-identity rate limit: the call over it is a 429-style error naming the limit. */
class DoorRateLimitTest {
  @Test
  void theThirdCallInAMinuteOverALimitOfTwoIsRefused() {
    try (DoorHarness cluster = DoorHarness.start(DoorConfig.defaults().withLimits(2, 4))) {
      McpSyncClient agent = cluster.agent();
      assertThat(agent.callTool(call("list_allowed_actions", Map.of())).isError()).isFalse();
      assertThat(agent.callTool(call("list_allowed_actions", Map.of())).isError()).isFalse();
      var refused = agent.callTool(call("list_allowed_actions", Map.of()));
      assertThat(refused.isError()).isTrue();
      assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
          .startsWith("RateLimited: 429 Too Many Requests: " + AGENT.username())
          .contains("limit mcp.callsPerMinute=2");
      McpSyncClient other =
          cluster.client(
              cluster.token(
                  dev.countersign.testkit.apiserver.auth.UserInfo.serviceAccount("agents", "b")));
      assertThat(other.callTool(call("list_allowed_actions", Map.of())).isError()).isFalse();
      other.close();
      agent.close();
    }
  }
}
