package dev.countersign.cli;

/** A command line that cannot be run: the CLI prints the message and exits 2. */
final class Usage extends RuntimeException {
  Usage(String message) {
    super(message, null, false, false);
  }

  static final String TEXT =
      """
      countersign: test AgentPolicies offline, on the operator's own decision core.

      Usage:
        countersign test [PATH...] [-o table|json|yaml|junit] [--explain] [--run REGEX]
                         [--record] [--require-coverage]
            Runs every *.countersign-test.yaml file under PATH (default: the current folder).
            -o FORMAT           table (default), json, yaml or junit (JUnit XML for CI)
            --explain           every policy and rule considered, and why it did or did not apply
            --run REGEX         only the cases whose name (or SUITE/CASE) matches
            --record            writes each case's current decision into its expect (comments are
                                not kept), to start a suite
            --require-coverage  exit 1 when a rule of the policies is exercised by no case
        countersign explain -f REQUEST.yaml --policies PATH [--policies PATH...] [--fixtures FILE]
            One ActionRequest, decided as the operator would, explained in full.
            --fixtures FILE     now, namespaces, workloads and history, as in a test file's fixtures

      Exit codes: 0 all passed; 1 an expectation failed (or coverage, with --require-coverage);
      2 a file could not be read or is invalid, or the command line is wrong.
      """;
}
