package dev.countersign.mcp;

import static dev.countersign.testkit.chart.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.testkit.chart.RenderedChart;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart's MCP door: off by default; when on, its own Deployment, ServiceAccount and role. */
class McpChartTest {
  private static final Map<String, Object> ON = Map.of("mcp.enabled", true);

  @Test
  void theDoorIsNotInstalledByDefault() {
    RenderedChart chart = RenderedChart.render();
    assertThat(chart.objects())
        .noneSatisfy(o -> assertThat(at(o, "metadata", "name")).isEqualTo("countersign-mcp"));
  }

  @Test
  void theDoorRunsAsItsOwnServiceAccount() {
    RenderedChart chart = RenderedChart.render(ON);
    Map<String, Object> deployment = chart.get("Deployment", "countersign-mcp");
    assertThat(at(deployment, "spec", "template", "spec", "serviceAccountName"))
        .isEqualTo("countersign-mcp");
    assertThat(chart.get("ServiceAccount", "countersign-mcp")).isNotNull();
    assertThat(RenderedChart.json(at(deployment, "spec", "template", "spec", "containers")))
        .contains(
            "{\"name\":\"COUNTERSIGN_MCP_SERVICE_ACCOUNT\",\"value\":\"countersign-system:countersign-mcp\"}",
            "{\"name\":\"COUNTERSIGN_OPERATOR_SERVICE_ACCOUNT\",\"value\":\"countersign-system:countersign\"}",
            "{\"name\":\"COUNTERSIGN_MCP_AUDIENCE\",\"value\":\"countersign\"}");
    assertThat(chart.get("Service", "countersign-mcp")).isNotNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDoorsRoleCanFileAndReadButNeverExecuteOrApprove() {
    Map<String, Object> role = RenderedChart.render(ON).get("ClusterRole", "countersign-mcp");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) role.get("rules");
    assertThat(rules)
        .allSatisfy(
            rule ->
                assertThat((List<String>) rule.get("verbs")).isSubsetOf("get", "list", "create"));
    assertThat(rules)
        .filteredOn(rule -> ((List<String>) rule.get("verbs")).contains("create"))
        .extracting(rule -> rule.get("resources"))
        .containsExactlyInAnyOrder(
            List.of("actionrequests"), List.of("tokenreviews"), List.of("subjectaccessreviews"));
    assertThat(RenderedChart.json(rules)).doesNotContain("approvals", "/scale", "patch", "update");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("mcp.callsPerMinute", 0, "callsPerMinute"),
        Arguments.of("mcp.maxWait", "a minute", "maxWait"),
        Arguments.of("mcp.enabled", "yes", "enabled"),
        Arguments.of("mcp.port", 70000, "port"),
        Arguments.of("mcp.tokenPassthrough", true, "tokenPassthrough"));
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @MethodSource("badValues")
  void valuesSchemaRejectsBadValues(String key, Object value, String named) {
    assertThatThrownBy(() -> RenderedChart.render(Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }
}
