package dev.countersign.cli.run;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.cli.testfile.Expectation;
import dev.countersign.cli.testfile.Suite;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.PolicyIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Compares what a case expects with what was decided, and says each difference in words. */
public final class Expectations {
  private Expectations() {}

  /** Every expectation of {@code c} that {@code outcome} does not meet. */
  public static List<String> failures(Suite.Case c, Optional<Outcome> outcome, PolicyIndex index) {
    Expectation expect = c.expect();
    List<String> failures = new ArrayList<>();
    if (expect.invalid() != null) {
      invalid(expect.invalid(), c, index, failures);
    }
    if (outcome.isEmpty()) {
      return failures;
    }
    Outcome o = outcome.get();
    if (expect.verdict() != null && expect.verdict() != o.verdict()) {
      failures.add("verdict: expected " + expect.verdict() + ", got " + o.verdict());
    }
    if (expect.reasonCodes() != null) {
      sameSet("reasonCodes", expect.reasonCodes(), o.decision().reasonCodes(), failures);
    }
    if (expect.approvalsRequired() != null && expect.approvalsRequired() != o.approvalsRequired()) {
      failures.add(
          "approvalsRequired: expected "
              + expect.approvalsRequired()
              + ", got "
              + o.approvalsRequired());
    }
    if (expect.approvers() != null) {
      RequiredApprovals required = o.decision().requiredApprovals();
      sameSet(
          "approvers.users",
          expect.approvers().users(),
          required == null ? List.of() : required.users(),
          failures);
      sameSet(
          "approvers.groups",
          expect.approvers().groups(),
          required == null ? List.of() : required.groups(),
          failures);
    }
    if (expect.policies() != null) {
      sameSet("policies", expect.policies(), o.governing(), failures);
    }
    c.message()
        .filter(p -> !p.matcher(o.explanation()).find())
        .ifPresent(
            p ->
                failures.add(
                    "messageMatches: /" + p.pattern() + "/ is not in \"" + o.explanation() + "\""));
    return failures;
  }

  private static void invalid(
      Expectation.InvalidPolicy invalid, Suite.Case c, PolicyIndex index, List<String> failures) {
    IndexedPolicy policy = index.named(invalid.policy()).orElseThrow();
    if (policy.valid()) {
      failures.add(
          "invalid: expected policy " + invalid.policy() + " to be invalid, but it is valid");
      return;
    }
    String problems = String.join("; ", policy.problems());
    c.invalidMessage()
        .filter(p -> !p.matcher(problems).find())
        .ifPresent(
            p ->
                failures.add(
                    "invalid.messageMatches: /"
                        + p.pattern()
                        + "/ is not in \""
                        + problems
                        + "\""));
  }

  private static void sameSet(
      String field, List<String> expected, List<String> actual, List<String> failures) {
    Set<String> want = new TreeSet<>(expected);
    Set<String> got = new TreeSet<>(actual);
    if (!want.equals(got)) {
      failures.add(field + ": expected " + want + ", got " + got);
    }
  }
}
