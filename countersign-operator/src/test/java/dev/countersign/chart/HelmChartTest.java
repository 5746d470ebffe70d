package dev.countersign.chart;

import static dev.countersign.testkit.chart.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.countersign.testkit.ProjectFiles;
import dev.countersign.testkit.chart.RenderedChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Helm chart, linted and rendered with helm-java, and what it would install. */
class HelmChartTest {
  private static final String OPERATOR_ROLE = "countersign-operator";

  @Test
  void theChartPassesHelmLint() {
    LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

    assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
  }

  @Test
  void theChartInstallsEverythingAnOperatorNeeds() {
    RenderedChart chart = RenderedChart.render();

    assertThat(chart.objects())
        .extracting(o -> o.get("kind") + "/" + at(o, "metadata", "name"))
        .containsExactlyInAnyOrder(
            "ServiceAccount/countersign",
            "ClusterRole/countersign-operator",
            "ClusterRoleBinding/countersign-operator",
            "Role/countersign-leader-election",
            "RoleBinding/countersign-leader-election",
            "Role/countersign-notifications",
            "RoleBinding/countersign-notifications",
            "ClusterRole/countersign-agent",
            "ClusterRole/countersign-approver",
            "ClusterRole/countersign-admin",
            "ValidatingAdmissionPolicy/countersign-identity",
            "ValidatingAdmissionPolicyBinding/countersign-identity",
            "Deployment/countersign",
            "Service/countersign",
            "PodDisruptionBudget/countersign");
  }

  @Test
  void theChartInstallsTheFourCrdsBeforeItsTemplates() {
    assertThat(RenderedChart.renderWithCrds(Map.of()).ofKind("CustomResourceDefinition"))
        .extracting(o -> at(o, "metadata", "name"))
        .containsExactly(
            "actionrequests.countersign.dev",
            "agentpolicies.countersign.dev",
            "approvals.countersign.dev",
            "notificationchannels.countersign.dev");
  }

  @Test
  void theOperatorRoleGrantsNothingOnSecretsAndNoWildcards() {
    List<Map<String, Object>> rules =
        rules(RenderedChart.render().get("ClusterRole", OPERATOR_ROLE));

    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(strings(rule, "resources"))
                  .doesNotContain("secrets", "*", "configmaps", "pods");
              assertThat(strings(rule, "verbs")).doesNotContain("*", "delete", "deletecollection");
              assertThat(strings(rule, "apiGroups")).doesNotContain("*");
            });
  }

  @Test
  void theOperatorRoleGrantsExactlyWhatTheCodeUses() {
    List<String> grants =
        rules(RenderedChart.render().get("ClusterRole", OPERATOR_ROLE)).stream()
            .flatMap(
                rule ->
                    strings(rule, "resources").stream()
                        .flatMap(r -> strings(rule, "verbs").stream().map(v -> r + ":" + v)))
            .toList();

    assertThat(grants)
        .containsExactlyInAnyOrder(
            "actionrequests:get",
            "actionrequests:list",
            "actionrequests:watch",
            "approvals:get",
            "approvals:list",
            "approvals:watch",
            "agentpolicies:get",
            "agentpolicies:list",
            "agentpolicies:watch",
            "actionrequests/status:update",
            "agentpolicies/status:update",
            "actionrequests:patch",
            "namespaces:get",
            "deployments:get",
            "deployments:patch",
            "statefulsets:get",
            "statefulsets:patch",
            "deployments/scale:get",
            "deployments/scale:patch",
            "statefulsets/scale:get",
            "statefulsets/scale:patch",
            "replicasets:list",
            "controllerrevisions:list",
            "events:create",
            "events:get",
            "events:patch");
  }

  @Test
  void leasesAreGrantedOnlyInTheOperatorsNamespace() {
    Map<String, Object> role = RenderedChart.render().get("Role", "countersign-leader-election");

    assertThat(at(role, "metadata", "namespace")).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(rules(role))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(strings(rule, "resources")).containsExactly("leases");
              assertThat(strings(rule, "verbs"))
                  .containsExactly("get", "create", "update", "patch");
            });
  }

  @Test
  void channelsAndTheirSecretsAreReadOnlyInTheOperatorsNamespace() {
    RenderedChart chart = RenderedChart.render();
    Map<String, Object> role = chart.get("Role", "countersign-notifications");

    assertThat(at(role, "metadata", "namespace")).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(rules(role))
        .extracting(r -> strings(r, "resources") + ":" + strings(r, "verbs"))
        .containsExactly(
            "[notificationchannels]:[get, list, watch]",
            "[notificationchannels/status]:[update]",
            "[secrets]:[get]");
    assertThat(at(chart.get("RoleBinding", "countersign-notifications"), "roleRef", "name"))
        .isEqualTo("countersign-notifications");
  }

  @Test
  void theUserRolesGrantWhatDesignMdSays() {
    RenderedChart chart = RenderedChart.render();

    assertThat(rules(chart.get("ClusterRole", "countersign-agent")))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(strings(r, "resources")).containsExactly("actionrequests");
              assertThat(strings(r, "verbs")).containsExactly("create", "get", "list", "watch");
            });
    assertThat(rules(chart.get("ClusterRole", "countersign-approver")))
        .extracting(r -> strings(r, "resources") + ":" + strings(r, "verbs"))
        .containsExactly(
            "[actionrequests]:[get, list, watch]",
            "[approvals]:[get, list, watch, create]",
            "[deployments, statefulsets]:[get]",
            "[replicasets, controllerrevisions]:[list]",
            "[pods]:[list]",
            "[events]:[list]");
    assertThat(rules(chart.get("ClusterRole", "countersign-admin")))
        .anySatisfy(r -> assertThat(strings(r, "resources")).containsExactly("agentpolicies"))
        .anySatisfy(
            r -> assertThat(strings(r, "resources")).containsExactly("notificationchannels"))
        .noneSatisfy(r -> assertThat(strings(r, "resources")).contains("secrets"));
    assertThat(
            Stream.of("countersign-agent", "countersign-approver")
                .flatMap(name -> rules(chart.get("ClusterRole", name)).stream())
                .flatMap(r -> strings(r, "resources").stream()))
        .as("agents and approvers never touch policies or scale workloads")
        .doesNotContain("agentpolicies", "deployments/scale", "statefulsets/scale");
    assertThat(
            Stream.of("countersign-agent", "countersign-approver")
                .flatMap(name -> rules(chart.get("ClusterRole", name)).stream())
                .filter(r -> !strings(r, "apiGroups").contains("countersign.dev"))
                .flatMap(r -> strings(r, "verbs").stream()))
        .as("approvers only read workloads")
        .containsOnly("get", "list");
  }

  @Test
  void probesPointAtTheSmallRyeHealthEndpointsOnTheServedPort() {
    Map<String, Object> container = operatorContainer(RenderedChart.render());

    assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
    assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
    assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
    assertThat(RenderedChart.json(container.get("ports")))
        .isEqualTo("[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"}]");
  }

  @Test
  void theOperatorRunsWithARestrictiveSecurityContextAndBoundedResources() {
    RenderedChart chart = RenderedChart.render();
    Map<String, Object> container = operatorContainer(chart);
    Object pod = at(chart.get("Deployment", "countersign"), "spec", "template", "spec");

    assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
    assertThat(at(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(at(container, "securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
    assertThat(at(container, "resources", "requests", "memory")).isEqualTo("256Mi");
    assertThat(at(container, "resources", "limits", "memory")).isEqualTo("512Mi");
  }

  @Test
  void twoReplicasElectALeaderAndAPodDisruptionBudgetKeepsOneUp() {
    RenderedChart chart = RenderedChart.render();
    Map<String, Object> container = operatorContainer(chart);

    assertThat(at(chart.get("Deployment", "countersign"), "spec", "replicas")).isEqualTo(2);
    assertThat(env(container)).containsEntry("COUNTERSIGN_LEADER_ELECTION_ENABLED", "true");
    assertThat(at(chart.get("PodDisruptionBudget", "countersign"), "spec", "minAvailable"))
        .isEqualTo(1);
  }

  @Test
  void theOperatorKnowsItsOwnUserNameSoItsApprovalsNeverCount() {
    assertThat(env(operatorContainer(RenderedChart.render())))
        .containsEntry(
            "COUNTERSIGN_OPERATOR_USERNAME",
            "system:serviceaccount:countersign-system:countersign");
  }

  @Test
  void theAdmissionPolicyCanBeSwitchedOff() {
    RenderedChart chart = RenderedChart.render(Map.of("admissionPolicy.enabled", false));

    assertThat(chart.ofKind("ValidatingAdmissionPolicy")).isEmpty();
    assertThat(chart.ofKind("ValidatingAdmissionPolicyBinding")).isEmpty();
  }

  @Test
  void pruningTerminalRequestsIsOneValueAwayAndOnlyThenMayTheOperatorDelete() {
    RenderedChart chart = RenderedChart.render(Map.of("config.pruneTerminalAfter", "2160h"));

    assertThat(RenderedChart.json(chart.get("ClusterRole", OPERATOR_ROLE)))
        .contains("\"resources\":[\"actionrequests\"],\"verbs\":[\"delete\"]");
    assertThat(chart.yaml())
        .contains("name: COUNTERSIGN_PRUNE_TERMINAL_AFTER\n              value: \"2160h\"");
    assertThat(RenderedChart.render().yaml()).doesNotContain("COUNTERSIGN_PRUNE_TERMINAL_AFTER");
  }

  @Test
  void theServiceMonitorIsRenderedOnlyWhenAsked() {
    assertThat(RenderedChart.render().ofKind("ServiceMonitor")).isEmpty();

    Map<String, Object> monitor =
        RenderedChart.render(Map.of("serviceMonitor.enabled", true))
            .get("ServiceMonitor", "countersign");

    assertThat(RenderedChart.json(at(monitor, "spec", "endpoints")))
        .contains("\"port\":\"http\"", "\"path\":\"/q/metrics\"");
  }

  @Test
  void theWarmUpsApiRoundsAreOneValueAway() {
    assertThat(RenderedChart.render().yaml())
        .contains("name: COUNTERSIGN_WARM_UP_API_ROUNDS\n              value: \"300\"");

    assertThat(RenderedChart.render(Map.of("config.warmUpApiRounds", 0)).yaml())
        .contains("name: COUNTERSIGN_WARM_UP_API_ROUNDS\n              value: \"0\"");
  }

  @Test
  void jsonLogsAreOneValueAway() {
    assertThat(RenderedChart.render().yaml())
        .contains("name: QUARKUS_LOG_CONSOLE_JSON_ENABLED\n              value: \"false\"");

    assertThat(RenderedChart.render(Map.of("logging.json", true)).yaml())
        .contains("name: QUARKUS_LOG_CONSOLE_JSON_ENABLED\n              value: \"true\"");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("replicaCount", 0, "replicaCount"),
        Arguments.of("logging.json", "yes", "json"),
        Arguments.of("config.requestTtl", "one hour", "requestTtl"),
        Arguments.of("image.pullPolicy", "Sometimes", "pullPolicy"),
        Arguments.of("leaderElection.enabled", "yes", "enabled"),
        Arguments.of("config.warmUpApiRounds", -1, "warmUpApiRounds"),
        Arguments.of("config.warmUpApiRounds", "many", "warmUpApiRounds"),
        Arguments.of("replicaCont", 2, "replicaCont"));
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @MethodSource("badValues")
  void valuesSchemaRejectsBadValues(String key, Object value, String named) {
    assertThatThrownBy(() -> RenderedChart.render(Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  @Test
  void theChartsCrdsAreTheGeneratedOnes() throws IOException {
    try (Stream<Path> generated = Files.list(ProjectFiles.path("crds"))) {
      List<Path> crds = generated.sorted().toList();
      assertThat(crds).isNotEmpty();
      for (Path crd : crds) {
        Path copy = RenderedChart.CHART.resolve("crds").resolve(crd.getFileName());
        assertThat(copy)
            .as("%s differs from %s: copy crds/*.yaml into helm/countersign/crds/", copy, crd)
            .hasSameTextualContentAs(crd);
      }
    }
    try (Stream<Path> copies = Files.list(RenderedChart.CHART.resolve("crds"))) {
      assertThat(copies.map(p -> p.getFileName().toString()))
          .allSatisfy(name -> assertThat(ProjectFiles.path("crds", name)).exists());
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rules(Map<String, Object> role) {
    return (List<Map<String, Object>>) role.get("rules");
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Map<String, Object> rule, String key) {
    return rule.get(key) == null ? List.of() : (List<String>) rule.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> operatorContainer(RenderedChart chart) {
    var containers =
        (List<Map<String, Object>>)
            at(chart.get("Deployment", "countersign"), "spec", "template", "spec", "containers");
    return containers.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> env(Map<String, Object> container) {
    var result = new java.util.LinkedHashMap<String, String>();
    for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
      if (e.get("value") != null) {
        result.put((String) e.get("name"), (String) e.get("value"));
      }
    }
    return result;
  }
}
