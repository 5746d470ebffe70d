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
 * Every kind of expectation, once holding (exit 0) and once not (exit 1, with the difference in
 * words under the case's row). The base case scales web 4 → 8: Allowed by
 * autoscaling-within-bounds.
 */
class ExpectationsTest {
  @TempDir Path dir;

  static Stream<Arguments> expectations() {
    return Stream.of(
        Arguments.of(
            "verdict: Allowed", "verdict: Denied", "verdict: expected Denied, got Allowed"),
        Arguments.of(
            "reasonCodes: [Allowed]",
            "reasonCodes: [Allowed, AutoApproved]",
            "reasonCodes: expected [Allowed, AutoApproved], got [Allowed]"),
        Arguments.of(
            "approvalsRequired: 0", "approvalsRequired: 1", "approvalsRequired: expected 1, got 0"),
        Arguments.of(
            "approvers: {}",
            "approvers: {groups: [sre]}",
            "approvers.groups: expected [sre], got []"),
        Arguments.of(
            "policies: [autoscaling-within-bounds]",
            "policies: []",
            "policies: expected [], got [autoscaling-within-bounds]"),
        Arguments.of(
            "messageMatches: \"^Allowed: policy autoscaling-within-bounds allows scale\"",
            "messageMatches: \"Denied\"",
            "messageMatches: /Denied/ is not in \"Allowed: policy autoscaling-within-bounds allows"
                + " scale on Deployment web"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectations")
  void anExpectationThatHoldsPassesAndOneThatDoesNotFails(
      String holds, String fails, String difference) {
    TestFolder folder = new TestFolder(dir);

    CliRun passing =
        CliRun.of(
            "test",
            folder.testFile("expect: {verdict: Allowed}", "expect: {" + holds + "}").toString());
    assertThat(passing.code()).as(passing.out() + passing.err()).isZero();
    assertThat(passing.out()).contains("1 passed, 0 failed").doesNotContain("FAIL");

    CliRun failing =
        CliRun.of(
            "test",
            folder.testFile("expect: {verdict: Allowed}", "expect: {" + fails + "}").toString());
    assertThat(failing.code()).isEqualTo(1);
    assertThat(failing.err()).isEmpty();
    assertThat(failing.out()).contains("FAIL\n    " + difference).contains("0 passed, 1 failed");
  }

  private static final String INVALID_POLICY =
      """
      apiVersion: countersign.dev/v1alpha1
      kind: AgentPolicy
      metadata: {name: broken}
      spec:
        subjects: {groups: [ai-agents]}
        targets: {}
        rules: [{action: scale, scale: {minReplicas: 5, maxReplicas: 3}}]
      """;

  @Test
  void aCaseMayExpectAPolicyToBeInvalidWithItsMessage() {
    TestFolder folder = new TestFolder(dir);
    folder.write("policies/broken.yaml", INVALID_POLICY);
    String invalidCase =
        """
          - name: broken-is-invalid
            expect: {invalid: {policy: broken, messageMatches: "%s"}}
        """;

    CliRun holds =
        CliRun.of(
            "test",
            folder
                .testFile(
                    "expect: {verdict: Allowed}",
                    "expect: {verdict: Allowed}\n"
                        + invalidCase.formatted("minReplicas 5 is greater than maxReplicas 3"))
                .toString());
    assertThat(holds.code()).as(holds.out() + holds.err()).isZero();
    assertThat(holds.out()).contains("broken-is-invalid").contains("2 passed, 0 failed");

    CliRun wrongMessage =
        CliRun.of(
            "test",
            folder
                .testFile(
                    "expect: {verdict: Allowed}",
                    "expect: {verdict: Allowed}\n" + invalidCase.formatted("maxStepUp"))
                .toString());
    assertThat(wrongMessage.code()).isEqualTo(1);
    assertThat(wrongMessage.out())
        .contains(
            "invalid.messageMatches: /maxStepUp/ is not in \"rules[0].scale: minReplicas 5 is"
                + " greater than maxReplicas 3\"");
  }

  @Test
  void expectingAValidPolicyToBeInvalidFails() {
    TestFolder folder = new TestFolder(dir);
    CliRun run =
        CliRun.of(
            "test",
            folder
                .testFile(
                    "expect: {verdict: Allowed}",
                    "expect: {verdict: Allowed, invalid: {policy: autoscaling-within-bounds}}")
                .toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "invalid: expected policy autoscaling-within-bounds to be invalid, but it is valid");
  }

  @Test
  void approvalsAreCountedAsTheOperatorCountsThem() {
    TestFolder folder = new TestFolder(dir);
    folder.write(
        "policies/restart.yaml",
        """
        apiVersion: countersign.dev/v1alpha1
        kind: AgentPolicy
        metadata: {name: restart}
        spec:
          subjects: {serviceAccounts: [{namespace: agents, name: autoscaler}]}
          targets: {namespaces: [shop]}
          rules:
            - action: restart
              approval: {required: true, minApprovals: 2, approvers: {groups: [sre]}}
        """);
    String restart =
        """
        - name: %s
          request:
            spec:
              requester: system:serviceaccount:agents:autoscaler
              action: restart
              target: {kind: Deployment, name: web}
          approvals: %s
          expect: {verdict: %s}
        """;
    String cases =
        Stream.of(
                restart.formatted("no-approvals", "[]", "NeedsApproval"),
                restart.formatted(
                    "two-sres",
                    "[{approver: alice, groups: [sre]}, {approver: bob, groups: [sre]}]",
                    "Approved"),
                restart.formatted(
                    "the-same-sre-twice",
                    "[{approver: alice, groups: [sre]}, {approver: alice, groups: [sre]}]",
                    "NeedsApproval"),
                restart.formatted(
                    "the-requester-itself",
                    "[{approver: 'system:serviceaccount:agents:autoscaler', groups: [sre]},"
                        + " {approver: bob, groups: [sre]}]",
                    "NeedsApproval"),
                restart.formatted(
                    "one-reject",
                    "[{approver: alice, groups: [sre]}, {approver: bob, groups: [sre], decision:"
                        + " Reject}]",
                    "Rejected"))
            .map(c -> c.indent(2))
            .reduce("", String::concat);
    Path file =
        folder.write(
            "approvals.countersign-test.yaml",
            TestFolder.BASE.substring(0, TestFolder.BASE.indexOf("cases:")) + "cases:\n" + cases);

    CliRun run = CliRun.of("test", file.toString(), "--explain");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("5 passed, 0 failed");
    assertThat(run.out())
        .containsPattern("the-requester-itself +NeedsApproval")
        .contains("approvals: 1/2")
        .contains("      system:serviceaccount:agents:autoscaler Approve: does not count (")
        .contains("      bob Approve: counts");
  }
}
