package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code countersign explain}: one request, the full decision in words. */
class ExplainCommandTest {
  @TempDir Path dir;

  private static final String REQUEST =
      """
      apiVersion: countersign.dev/v1alpha1
      kind: ActionRequest
      metadata: {name: scale-web, namespace: shop}
      spec:
        requester: system:serviceaccount:agents:autoscaler
        action: scale
        target: {kind: Deployment, name: web}
        scale: {replicas: %d}
        reasoning: {summary: checkout peak}
      """;

  private static final String FIXTURES =
      """
      now: {instant: "2026-12-02T10:00:00Z"}
      namespaces: [{name: shop, labels: {team: shop}}]
      workloads: [{kind: Deployment, name: web, namespace: shop, labels: {tier: web}, replicas: 4}]
      """;

  @Test
  void explainsADecisionAsTheOperatorWritesIt() {
    TestFolder folder = new TestFolder(dir);
    Path request = folder.write("request.yaml", REQUEST.formatted(25));
    Path fixtures = folder.write("fixtures.yaml", FIXTURES);

    CliRun run =
        CliRun.of(
            "explain",
            "-f",
            request.toString(),
            "--policies",
            dir.resolve("policies").toString(),
            "--fixtures",
            fixtures.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "Denied: replicas 25 is above policy autoscaling-within-bounds's maxReplicas 20 |"
                + " policies considered: autoscaling-within-bounds (generation 1): does not"
                + " allow:")
        .contains("verdict: Denied\nreason codes: AboveMax\n")
        .contains("decided at: 2026-12-02T10:00:00Z\n")
        .contains("  policy autoscaling-within-bounds: governs the request: does not allow:");
  }

  @Test
  void withoutFixturesTheTargetIsMissing() {
    TestFolder folder = new TestFolder(dir);
    Path request = folder.write("request.yaml", REQUEST.formatted(8));

    CliRun run =
        CliRun.of(
            "explain", "-f", request.toString(), "--policies", dir.resolve("policies").toString());

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("reason codes: TargetMissing")
        .contains("the request is denied before any policy is considered:")
        .contains("(the current time)");
  }

  @Test
  void aRequestFileOfTheWrongKindIsExitCode2() {
    TestFolder folder = new TestFolder(dir);
    Path request =
        folder.write("request.yaml", REQUEST.formatted(8).replace("ActionRequest", "Approval"));

    CliRun run =
        CliRun.of(
            "explain", "-f", request.toString(), "--policies", dir.resolve("policies").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("error: " + request + ": kind: \"Approval\" is not ActionRequest\n");
  }
}
