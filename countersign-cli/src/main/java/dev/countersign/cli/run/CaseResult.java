package dev.countersign.cli.run;

import dev.countersign.cli.testfile.Suite;
import java.util.List;
import java.util.Optional;

/**
 * One case's result.
 *
 * @param suite the suite it belongs to
 * @param testCase the case
 * @param outcome what the core decided; empty for a case that only expects an invalid policy
 * @param failures every expectation that did not hold, in words; empty when it passed
 * @param explain every policy and rule considered, for {@code --explain}
 * @param nanos how long it took
 */
public record CaseResult(
    Suite suite,
    Suite.Case testCase,
    Optional<Outcome> outcome,
    List<String> failures,
    List<String> explain,
    long nanos) {

  public boolean passed() {
    return failures.isEmpty();
  }
}
