package dev.countersign.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.bench.ClusterBench;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.sandbox.SandboxKubeconfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make bench-cluster}'s door measure, against the strict embedded API server with the chart
 * installed: it is the chart's door, files for its own agent only, executes nothing, and leaves
 * nothing behind.
 */
class DoorClusterBenchTest {
  private static final String NAMESPACE = "countersign-bench-door-test";

  @Test
  void theDoorIsTheServiceAccountTheChartMadeForIt() {
    try (EmbeddedApiServer api =
        EmbeddedApiServer.start(ServerOptions.defaults().withChartValue("mcp.enabled", true))) {
      var door = DoorClusterBench.doorAccount(api.client()).orElseThrow();
      assertThat(door.getMetadata().getNamespace()).isEqualTo("countersign-system");
      assertThat(door.getMetadata().getName()).isEqualTo("countersign-mcp");
      // No door Deployment here (no kubelet): the door's defaults, as the chart's door account.
      DoorConfig settings = DoorClusterBench.doorSettings(api.client(), door);
      assertThat(settings.doorIdentity())
          .isEqualTo("system:serviceaccount:countersign-system:countersign-mcp");
    }
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      assertThat(DoorClusterBench.doorAccount(api.client())).isEmpty();
    }
  }

  @Test
  void theAgentFilesThroughTheDoorAndDirectlyUnderAnAuditPolicyAndNothingIsLeft() throws Exception {
    try (EmbeddedApiServer api =
        EmbeddedApiServer.start(
            ServerOptions.defaults().withTls().withChartValue("mcp.enabled", true))) {
      var admin = api.client();
      AgentPolicy policy = DoorClusterBench.policy(NAMESPACE);
      assertThat(policy.getSpec().audits()).isTrue();

      var figures =
          DoorClusterBench.measure(
              admin,
              admin.getConfiguration(),
              DoorClusterBench.doorAccount(admin).orElseThrow(),
              NAMESPACE,
              policy,
              3);

      assertThat(List.of(figures.plainCreate(), figures.requestScale(), figures.check()))
          .allSatisfy(millis -> assertThat(millis).hasSize(3).doesNotContain(0.0));
      List<ActionRequest> filed =
          admin.resources(ActionRequest.class).inNamespace(NAMESPACE).list().getItems();
      String agent = DoorClusterBench.agentUser(NAMESPACE);
      // Three measured and three unmeasured of each: through the door and directly.
      assertThat(filed)
          .hasSize(12)
          .allSatisfy(r -> assertThat(r.getSpec().requester()).isEqualTo(agent));
      assertThat(filed)
          .filteredOn(
              r -> "mcp".equals(r.getMetadata().getAnnotations().get("countersign.dev/via")))
          .hasSize(6);

      ClusterBench.cleanUp(admin, NAMESPACE, policy);
      assertThat(admin.namespaces().withName(NAMESPACE).get()).isNull();
      assertThat(admin.resource(policy).get()).isNull();
    }
  }

  /**
   * {@code make bench-cluster} runs it with exec:java, which waits for every thread that is not a
   * daemon: the benchmark must end its JVM itself (Vert.x event loops outlived it, and it never
   * ended). Run as make runs it, in a JVM of its own, on a kubeconfig naming the cluster.
   */
  @Test
  void theBenchmarkEndsItsJvmWhenItIsDone(@TempDir Path dir) throws Exception {
    try (EmbeddedApiServer api =
        EmbeddedApiServer.start(
            ServerOptions.defaults().withTls().withChartValue("mcp.enabled", true))) {
      Path kubeconfig =
          SandboxKubeconfig.write(
              api, dir.resolve("kubeconfig"), Map.of("admin", Identities.ADMIN), "default");
      Path output = dir.resolve("output.txt");
      ProcessBuilder command =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElseThrow(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DoorClusterBench.class.getName(),
                  "--door",
                  "2")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      command.environment().put("KUBECONFIG", kubeconfig.toString());
      Process bench = command.start();
      boolean ended = bench.waitFor(90, TimeUnit.SECONDS);
      if (!ended) {
        bench.destroyForcibly();
      }
      assertThat(ended)
          .as("the benchmark's JVM ended; it printed:%n%s", Files.readString(output))
          .isTrue();
      assertThat(bench.exitValue()).isZero();
      assertThat(Files.readString(output)).contains("request_scale / plain create");
    }
  }
}
