package dev.countersign.cli;

import dev.countersign.cli.report.JunitReport;
import dev.countersign.cli.report.StructuredReport;
import dev.countersign.cli.report.TableReport;
import dev.countersign.cli.run.CaseRunner;
import dev.countersign.cli.run.Explainer;
import dev.countersign.cli.run.FactsBuilder;
import dev.countersign.cli.run.Outcome;
import dev.countersign.cli.run.SuiteRunner;
import dev.countersign.cli.testfile.Fixtures;
import dev.countersign.cli.testfile.InvalidFile;
import dev.countersign.cli.testfile.PolicyFiles;
import dev.countersign.cli.testfile.RequestFiles;
import dev.countersign.cli.testfile.StrictYaml;
import dev.countersign.cli.testfile.Suite;
import dev.countersign.cli.testfile.SuiteReader;
import dev.countersign.cli.testfile.World;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.RequestFacts;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code countersign test} and {@code countersign explain}. The command line is parsed here by
 * hand: two commands with a handful of flags do not justify a parser library on the class path of a
 * tool whose JVM start-up is most of its run time (the same choice as kubectl approve's Options).
 */
public final class Countersign {
  static final int PASSED = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  private final PrintStream out;
  private final PrintStream err;

  Countersign(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new Countersign(System.out, System.err).run(args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the command line and returns the exit code; never throws. */
  int run(String... args) {
    try {
      if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
        out.print(Usage.TEXT);
        return args.length == 0 ? INVALID : PASSED;
      }
      List<String> rest = List.of(args).subList(1, args.length);
      return switch (args[0]) {
        case "test" -> test(rest);
        case "explain" -> explain(rest);
        default -> throw new Usage("unknown command \"" + args[0] + "\"; use test or explain");
      };
    } catch (Usage e) {
      err.println("error: " + e.getMessage() + " (countersign --help)");
      return INVALID;
    } catch (InvalidFile e) {
      err.println("error: " + e.getMessage());
      return INVALID;
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getCause().getMessage());
      return INVALID;
    }
  }

  private int test(List<String> args) {
    List<Path> paths = new ArrayList<>();
    String format = "table";
    boolean explain = false;
    boolean record = false;
    boolean requireCoverage = false;
    Optional<Pattern> only = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-o", "--output" -> format = value(args, ++i, arg);
        case "--explain" -> explain = true;
        case "--record" -> record = true;
        case "--require-coverage" -> requireCoverage = true;
        case "--run" -> only = Optional.of(regex(value(args, ++i, arg)));
        default -> {
          if (arg.startsWith("-o=") || arg.startsWith("--output=")) {
            format = arg.substring(arg.indexOf('=') + 1);
          } else if (arg.startsWith("--run=")) {
            only = Optional.of(regex(arg.substring("--run=".length())));
          } else if (arg.startsWith("-")) {
            throw new Usage("unknown flag " + arg + " for countersign test");
          } else {
            paths.add(Path.of(arg));
          }
        }
      }
    }
    if (!List.of("table", "json", "yaml", "junit").contains(format)) {
      throw new Usage("-o " + format + " is not table, json, yaml or junit");
    }
    List<Path> files = TestFiles.find(paths.isEmpty() ? List.of(Path.of(".")) : paths);
    List<Suite> suites = new ArrayList<>();
    for (Path file : files) {
      suites.add(SuiteReader.read(file, record));
    }
    SuiteRunner.Run run = new SuiteRunner(only, explain).run(suites);
    if (record) {
      int recorded = Recorder.record(run.results());
      err.println(
          "recorded the expectations of " + recorded + " cases (YAML comments are not kept)");
      return PASSED;
    }
    switch (format) {
      case "json" -> StructuredReport.printJson(run, out);
      case "yaml" -> StructuredReport.printYaml(run, out);
      case "junit" -> JunitReport.print(run, out);
      default -> TableReport.print(run, explain, out);
    }
    if (!format.equals("table")) {
      err.println(TableReport.summary(run));
    }
    if (run.results().isEmpty()) {
      err.println("no case matched" + only.map(p -> " --run " + p.pattern()).orElse(""));
      return FAILED;
    }
    boolean uncovered = requireCoverage && !run.coverage().unexercised().isEmpty();
    if (uncovered && !format.equals("table")) {
      err.println(run.coverage().unexercised().size() + " rules not exercised by any case");
    }
    return run.failed() > 0 || uncovered ? FAILED : PASSED;
  }

  private int explain(List<String> args) {
    Path request = null;
    Path fixtures = null;
    List<Path> policies = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-f", "--filename" -> request = Path.of(value(args, ++i, arg));
        case "--policies" -> policies.add(Path.of(value(args, ++i, arg)));
        case "--fixtures" -> fixtures = Path.of(value(args, ++i, arg));
        default -> throw new Usage("unknown argument " + arg + " for countersign explain");
      }
    }
    if (request == null) {
      throw new Usage("explain needs -f REQUEST.yaml");
    }
    if (policies.isEmpty()) {
      throw new Usage("explain needs --policies FILE_OR_DIR");
    }
    PolicyIndex index = PolicyIndex.of(PolicyFiles.read(policies, "--policies", "").snapshots());
    World world =
        fixtures == null
            ? World.of(Fixtures.NONE, "", "")
            : World.of(StrictYaml.read(fixtures, Fixtures.class), fixtures, "");
    RequestFiles.FiledRequest filed = RequestFiles.read(request);
    var spec = filed.spec();
    if (spec.action() == null || spec.target() == null || spec.requester() == null) {
      throw InvalidFile.at(request, "spec", "needs requester, action and target");
    }
    String namespace = filed.namespace();
    if (namespace == null) {
      throw InvalidFile.at(request, "metadata.namespace", "missing");
    }
    Instant now = world.now().orElse(Instant.now());
    RequestFacts facts = FactsBuilder.facts(world, namespace, spec);
    Outcome outcome = new CaseRunner().run(facts, index, now, List.of());
    out.println(outcome.explanation());
    out.println();
    out.println("verdict: " + outcome.verdict());
    out.println("reason codes: " + String.join(", ", outcome.decision().reasonCodes()));
    out.println("reasons:");
    outcome.decision().reasons().forEach(r -> out.println("  - " + r));
    if (outcome.decision().requiredApprovals() != null) {
      var required = outcome.decision().requiredApprovals();
      out.println(
          "approvals required: "
              + required.minApprovals()
              + " from users "
              + required.users()
              + " or groups "
              + required.groups());
    }
    out.println("decided at: " + now + (world.now().isEmpty() ? " (the current time)" : ""));
    out.println("policies and rules considered:");
    Explainer.explain(facts, index, outcome.decision()).forEach(l -> out.println("  " + l));
    return PASSED;
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new Usage(flag + " needs a value");
    }
    return args.get(i);
  }

  private static Pattern regex(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new Usage("--run \"" + regex + "\" is not a regular expression: " + e.getDescription());
    }
  }
}
