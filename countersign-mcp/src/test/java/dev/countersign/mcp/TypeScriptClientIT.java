package dev.countersign.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.harness.OperatorHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An independent client: the official TypeScript MCP SDK ({@code @modelcontextprotocol/sdk}, from
 * the npm registry, installed by this test into {@code target/ts-client}) connects to the door with
 * an agent's token, lists the tools, files a scale request and reads its outcome. Needs node and
 * npm ({@code make test-tools} installs them; {@code .ci/run} calls it).
 */
class TypeScriptClientIT {
  private static final Path CLIENT = Path.of("target", "ts-client");

  @Test
  void theTypeScriptSdkFilesAScaleRequestAndReadsItsOutcome() throws Exception {
    install();
    try (DoorHarness cluster = DoorHarness.start();
        OperatorHarness operator = OperatorHarness.start(cluster.api)) {
      var result =
          run(
              List.of(
                  "node",
                  "door-session.mjs",
                  cluster.door.url().toString(),
                  cluster.token(DoorHarness.AGENT),
                  DoorHarness.NAMESPACE,
                  "web"),
              120);
      assertThat(result.code()).as(result.output()).isZero();
      String last = result.output().lines().reduce((a, b) -> b).orElseThrow();
      JsonNode session = new ObjectMapper().readTree(last);
      assertThat(session.get("tools").toString())
          .contains("\"request_scale\"", "\"wait_for_request\"", "\"check_action\"");
      assertThat(session.get("filed").get("requester").asText())
          .isEqualTo(DoorHarness.AGENT.username());
      assertThat(session.get("decided").get("phase").asText()).isEqualTo("AwaitingApproval");
      String name = session.get("filed").get("name").asText();
      assertThat(session.get("got").get("approveCommand").asText())
          .isEqualTo("kubectl approve " + name + " -n shop");
      assertThat(session.get("text").asText()).contains("A human approver must run");
    }
  }

  /** npm install of the SDK into target/ts-client, once per build directory. */
  private static void install() throws Exception {
    Files.createDirectories(CLIENT);
    try (InputStream script =
        TypeScriptClientIT.class.getResourceAsStream("/ts-client/door-session.mjs")) {
      Files.write(CLIENT.resolve("door-session.mjs"), script.readAllBytes());
    }
    Files.writeString(
        CLIENT.resolve("package.json"),
        "{\"name\":\"countersign-ts-client-it\",\"private\":true,\"type\":\"module\"}\n");
    if (Files.isDirectory(CLIENT.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      return;
    }
    var installed =
        run(
            List.of(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "@modelcontextprotocol/sdk@^1"),
            600);
    assertThat(installed.code()).as("npm install failed:\n" + installed.output()).isZero();
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + new String(out, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
