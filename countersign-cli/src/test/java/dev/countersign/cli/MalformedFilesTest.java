package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed input is one line on standard error that names the file and the field, with exit
 * code 2 and nothing on standard output: never a stack trace, never a half-run suite.
 */
class MalformedFilesTest {
  @TempDir Path dir;

  /** Each row: what the base test file gets wrong (replace, by), and the error expected. */
  static Stream<Arguments> malformedTestFiles() {
    return Stream.of(
        Arguments.of(
            "wrong kind",
            "kind: PolicyTest",
            "kind: Policytest",
            "t.countersign-test.yaml: kind: \"Policytest\" is not PolicyTest"),
        Arguments.of(
            "wrong apiVersion",
            "apiVersion: cli.countersign.dev/v1alpha1",
            "apiVersion: countersign.dev/v1alpha1",
            "t.countersign-test.yaml: apiVersion: \"countersign.dev/v1alpha1\" is not"
                + " cli.countersign.dev/v1alpha1"),
        Arguments.of(
            "bad YAML", "cases:", "cases: [", "t.countersign-test.yaml:11: not valid YAML:"),
        Arguments.of(
            "unknown field in an expectation",
            "expect: {verdict: Allowed}",
            "expect: {verdikt: Allowed}",
            "t.countersign-test.yaml: cases[0].expect.verdikt: unknown field (known fields:"
                + " approvalsRequired, approvers, invalid, messageMatches, policies, reasonCodes,"
                + " verdict)"),
        Arguments.of(
            "unknown field in a request spec",
            "        scale: {replicas: 8}",
            "        scale: {replicas: 8}\n        replica: 8",
            "t.countersign-test.yaml: cases[0].request.spec.replica: unknown field"),
        Arguments.of(
            "unknown field at the top",
            "metadata: {name: scaling}",
            "metadata: {name: scaling}\npolicy: [policies]",
            "t.countersign-test.yaml: policy: unknown field"),
        Arguments.of(
            "a verdict that does not exist",
            "expect: {verdict: Allowed}",
            "expect: {verdict: Alowed}",
            "t.countersign-test.yaml: cases[0].expect.verdict: \"Alowed\" is not one of"
                + " [Allowed, NeedsApproval, Approved, Rejected, Denied, Evaluated]"),
        Arguments.of(
            "a reason code that does not exist",
            "expect: {verdict: Allowed}",
            "expect: {reasonCodes: [Frozn]}",
            "t.countersign-test.yaml: cases[0].expect.reasonCodes[0]: \"Frozn\" is not a reason"
                + " code; one of [Allowed,"),
        Arguments.of(
            "a number that is not one",
            "scale: {replicas: 8}",
            "scale: {replicas: many}",
            "t.countersign-test.yaml: cases[0].request.spec.scale.replicas: \"many\" is not a"
                + " whole number"),
        Arguments.of(
            "a bad instant",
            "now: {instant: \"2026-12-02T10:00:00Z\"}",
            "now: {instant: \"2026-12-32T10:00:00Z\"}",
            "t.countersign-test.yaml: fixtures.now.instant: \"2026-12-32T10:00:00Z\" is not a time"
                + " such as 2026-12-05T10:00:00Z"),
        Arguments.of(
            "a bad instant in the history",
            "  namespaces:",
            "  history: [{requester: a, namespace: shop, kind: Deployment, name: web,"
                + " startedAt: yesterday}]\n  namespaces:",
            "t.countersign-test.yaml: fixtures.history[0].startedAt: \"yesterday\" is not a time"),
        Arguments.of(
            "a bad time zone",
            "now: {instant: \"2026-12-02T10:00:00Z\"}",
            "now: {instant: \"2026-12-02T10:00:00Z\", zone: Europe/Berln}",
            "t.countersign-test.yaml: fixtures.now.zone: \"Europe/Berln\" is not a time zone"),
        Arguments.of(
            "a missing policy folder",
            "policies: [policies]",
            "policies: [policies, missing]",
            "t.countersign-test.yaml: policies[1]: "),
        Arguments.of(
            "a bad regular expression",
            "expect: {verdict: Allowed}",
            "expect: {messageMatches: \"((\"}",
            "t.countersign-test.yaml: cases[0].expect.messageMatches: \"((\" is not a regular"
                + " expression: Unclosed group"),
        Arguments.of(
            "a case without expectations",
            "    expect: {verdict: Allowed}",
            "",
            "t.countersign-test.yaml: cases[0].expect: missing; say what is expected (or run"
                + " countersign test --record)"),
        Arguments.of(
            "a case that expects nothing",
            "expect: {verdict: Allowed}",
            "expect: {}",
            "t.countersign-test.yaml: cases[0].expect: expects nothing"),
        Arguments.of(
            "an approval that is neither Approve nor Reject",
            "    expect: {verdict: Allowed}",
            "    approvals: [{approver: alice, decision: Maybe}]\n    expect: {verdict: Allowed}",
            "t.countersign-test.yaml: cases[0].approvals[0].decision: \"Maybe\" is not Approve or"
                + " Reject"),
        Arguments.of(
            "a service account claiming a group it cannot be in",
            "        action: scale",
            "        requesterGroups: [ai-agents]\n        action: scale",
            "t.countersign-test.yaml: cases[0].request.spec.requesterGroups[0]: service account"
                + " system:serviceaccount:agents:autoscaler is never in group ai-agents; the API"
                + " server's admission policy would refuse this request"),
        Arguments.of(
            "an unsupported workload kind",
            "kind: Deployment, name: web, namespace: shop",
            "kind: DaemonSet, name: web, namespace: shop",
            "t.countersign-test.yaml: fixtures.workloads[0].kind: \"DaemonSet\" is not Deployment"
                + " or StatefulSet"),
        Arguments.of(
            "an expected invalid policy that is not loaded",
            "expect: {verdict: Allowed}",
            "expect: {invalid: {policy: nope}}",
            "t.countersign-test.yaml: cases[0].expect.invalid.policy: no policy named nope is"
                + " loaded"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTestFiles")
  void aMalformedTestFileIsOneLineNamingTheFileAndFieldWithExitCode2(
      String what, String from, String to, String error) {
    Path file = new TestFolder(dir).testFile(from, to);

    CliRun run = CliRun.of("test", file.toString());

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString().startsWith("error: " + dir + "/");
    assertThat(run.err()).contains(error.replace("t.countersign-test.yaml", file.toString()));
  }

  @Test
  void aPolicyWithABadCronIsInvalidAndStopsTheRun() {
    TestFolder folder = new TestFolder(dir);
    folder.write(
        "policies/frozen.yaml",
        """
        apiVersion: countersign.dev/v1alpha1
        kind: AgentPolicy
        metadata: {name: frozen}
        spec:
          subjects: {groups: [ai-agents]}
          targets: {}
          rules: [{action: restart}]
          freezeWindows: [{name: nightly, schedule: "0 25 * * *", duration: 1h}]
        """);
    Path file = folder.testFile("kind: PolicyTest", "kind: PolicyTest");

    CliRun run = CliRun.of("test", file.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: " + dir.resolve("policies/frozen.yaml") + ": AgentPolicy frozen:")
        .contains("freezeWindows[0]")
        .contains("0 25 * * *")
        .contains("may expect it: expect.invalid.policy");
  }

  @Test
  void aPolicyFileWithAnUnknownFieldNamesTheFieldAndLine() {
    TestFolder folder = new TestFolder(dir);
    folder.write(
        "policies/typo.yaml",
        """
        apiVersion: countersign.dev/v1alpha1
        kind: AgentPolicy
        metadata: {name: typo}
        spec:
          subjects: {groups: [ai-agents]}
          targets: {}
          rules: [{action: restart, aproval: {required: true}}]
        """);

    CliRun run =
        CliRun.of("test", folder.testFile("kind: PolicyTest", "kind: PolicyTest").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: " + dir.resolve("policies/typo.yaml") + ": spec.rules[0].aproval:")
        .contains("unknown field");
  }

  @Test
  void aDocumentOfAnotherKindAmongThePoliciesIsNamed() {
    TestFolder folder = new TestFolder(dir);
    folder.write(
        "policies/request.yaml",
        """
        apiVersion: countersign.dev/v1alpha1
        kind: ActionRequest
        metadata: {name: r}
        spec: {}
        """);

    CliRun run =
        CliRun.of("test", folder.testFile("kind: PolicyTest", "kind: PolicyTest").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .isEqualTo(
            "error: "
                + dir.resolve("policies/request.yaml")
                + ": kind: \"ActionRequest\" is not AgentPolicy (only AgentPolicies here)");
  }

  @Test
  void aMissingRequestFileIsNamed() {
    Path file =
        new TestFolder(dir)
            .testFile(
                """
                    request:
                      spec:
                        requester: system:serviceaccount:agents:autoscaler
                        action: scale
                        target: {kind: Deployment, name: web}
                        scale: {replicas: 8}
                """,
                """
                    request: {file: requests/scale.yaml}
                """);

    CliRun run = CliRun.of("test", file.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .isEqualTo("error: " + dir.resolve("requests/scale.yaml") + ": does not exist");
  }

  @Test
  void aPathWithoutTestFilesIsAnError() {
    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("error: " + dir + ": holds no test file (*.countersign-test.yaml)\n");
  }

  @Test
  void aWrongCommandLineIsExitCode2() {
    assertThat(CliRun.of("test", "--bogus").code()).isEqualTo(2);
    assertThat(CliRun.of("test", "-o", "xml", ".").err()).contains("-o xml is not table");
    assertThat(CliRun.of("frobnicate").err()).contains("unknown command \"frobnicate\"");
    assertThat(CliRun.of("explain", "-f", "x.yaml").err()).contains("explain needs --policies");
  }
}
