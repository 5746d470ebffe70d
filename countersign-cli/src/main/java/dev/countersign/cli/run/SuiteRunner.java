package dev.countersign.cli.run;

import dev.countersign.cli.testfile.Suite;
import dev.countersign.policy.RequestFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Runs the cases of suites and gathers their results and the rules' coverage. */
public final class SuiteRunner {
  private final CaseRunner runner = new CaseRunner();
  private final Optional<Pattern> only;
  private final boolean explain;

  /**
   * @param only runs only the cases whose name (or {@code suite/case}) it finds a match in
   * @param explain whether to record every policy and rule considered
   */
  public SuiteRunner(Optional<Pattern> only, boolean explain) {
    this.only = only;
    this.explain = explain;
  }

  /**
   * The results and coverage of these suites.
   *
   * @param results every case run, in order
   * @param coverage which rules were exercised
   */
  public record Run(List<CaseResult> results, Coverage coverage) {
    public long passed() {
      return results.stream().filter(CaseResult::passed).count();
    }

    public long failed() {
      return results.size() - passed();
    }
  }

  public Run run(List<Suite> suites) {
    Coverage coverage = new Coverage();
    List<CaseResult> results = new ArrayList<>();
    Instant wallClock = Instant.now();
    for (Suite suite : suites) {
      coverage.addPolicies(suite.index(), suite.policySources());
      Instant now = suite.world().now().orElse(wallClock);
      for (Suite.Case c : suite.cases()) {
        if (only.isPresent()
            && !only.get().matcher(c.name()).find()
            && !only.get().matcher(suite.name() + "/" + c.name()).find()) {
          continue;
        }
        results.add(run(suite, c, now, coverage));
      }
    }
    return new Run(List.copyOf(results), coverage);
  }

  private CaseResult run(Suite suite, Suite.Case c, Instant now, Coverage coverage) {
    long start = System.nanoTime();
    if (c.expect().invalid() != null) {
      coverage.exerciseInvalid(c.expect().invalid().policy());
    }
    if (!c.decides()) {
      return new CaseResult(
          suite,
          c,
          Optional.empty(),
          Expectations.failures(c, Optional.empty(), suite.index()),
          List.of(),
          System.nanoTime() - start);
    }
    RequestFacts facts = FactsBuilder.facts(suite.world(), c.namespace(), c.spec());
    Outcome outcome = runner.run(facts, suite.index(), now, c.approvals());
    coverage.exercise(outcome.governing(), c.spec().action(), suite.index());
    return new CaseResult(
        suite,
        c,
        Optional.of(outcome),
        Expectations.failures(c, Optional.of(outcome), suite.index()),
        explain ? Explainer.explain(facts, suite.index(), outcome.decision()) : List.of(),
        System.nanoTime() - start);
  }
}
