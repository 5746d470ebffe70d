package dev.countersign.cli.report;

import dev.countersign.cli.run.CaseResult;
import dev.countersign.cli.run.Coverage;
import dev.countersign.cli.run.SuiteRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The default output: one row per case (suite, case, verdict, reason codes, PASS or FAIL), each
 * failed expectation under its row, the summary line and the coverage of rules.
 */
public final class TableReport {
  private TableReport() {}

  public static void print(SuiteRunner.Run run, boolean explain, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SUITE", "CASE", "VERDICT", "REASON CODES", "RESULT"});
    for (CaseResult r : run.results()) {
      rows.add(
          new String[] {
            r.suite().name(),
            r.testCase().name(),
            r.outcome().map(o -> o.verdict().name()).orElse("-"),
            r.outcome().map(o -> String.join(",", o.decision().reasonCodes())).orElse("-"),
            r.passed() ? "PASS" : "FAIL"
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == row.length - 1 ? row[c] : pad(row[c], widths[c] + 2));
      }
      out.println(line.toString().stripTrailing());
      if (i == 0) {
        continue;
      }
      CaseResult r = run.results().get(i - 1);
      r.failures().forEach(f -> out.println("    " + f));
      if (explain) {
        r.outcome().ifPresent(o -> out.println("    decision: " + o.explanation()));
        r.outcome()
            .flatMap(o -> o.tally())
            .ifPresent(
                t -> {
                  out.println("    approvals: " + t.summary());
                  t.records()
                      .forEach(
                          a ->
                              out.println(
                                  "      "
                                      + a.approver()
                                      + " "
                                      + a.decision()
                                      + (a.counted() ? ": counts" : ": does not count")
                                      + (a.reason() == null ? "" : " (" + a.reason() + ")")));
                });
        r.explain().forEach(l -> out.println("    " + l));
      }
    }
    out.println();
    out.println(summary(run));
    coverage(run.coverage(), out);
  }

  /** {@code N passed, N failed}. */
  public static String summary(SuiteRunner.Run run) {
    return run.passed() + " passed, " + run.failed() + " failed";
  }

  static void coverage(Coverage coverage, PrintStream out) {
    List<Coverage.Rule> missed = coverage.unexercised();
    out.println(
        "coverage: "
            + (coverage.total() - missed.size())
            + " of "
            + coverage.total()
            + " rules exercised"
            + (missed.isEmpty() ? "" : "; not exercised by any case:"));
    missed.forEach(r -> out.println("  " + r));
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
