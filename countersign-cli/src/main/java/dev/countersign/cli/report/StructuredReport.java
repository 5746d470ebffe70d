package dev.countersign.cli.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.cli.run.CaseResult;
import dev.countersign.cli.run.SuiteRunner;
import java.io.PrintStream;
import java.util.List;

/** {@code -o json} and {@code -o yaml}: every case with its decision, the summary and coverage. */
public final class StructuredReport {
  private StructuredReport() {}

  /** The whole report. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(
      String apiVersion,
      String kind,
      Summary summary,
      List<Result> results,
      CoverageReport coverage) {}

  record Summary(long passed, long failed) {}

  /** One case. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(
      String file,
      String suite,
      String name,
      boolean passed,
      List<String> failures,
      String verdict,
      List<String> reasonCodes,
      String explanation,
      Decision decision,
      String approvals,
      List<ApprovalRecord> approvalRecords,
      List<String> explain) {}

  record CoverageReport(int rules, int exercised, List<String> unexercised) {}

  static Report of(SuiteRunner.Run run) {
    List<Result> results =
        run.results().stream()
            .map(
                (CaseResult r) ->
                    new Result(
                        r.suite().file().toString(),
                        r.suite().name(),
                        r.testCase().name(),
                        r.passed(),
                        r.failures(),
                        r.outcome().map(o -> o.verdict().name()).orElse(null),
                        r.outcome().map(o -> o.decision().reasonCodes()).orElse(null),
                        r.outcome().map(o -> o.explanation()).orElse(null),
                        r.outcome().map(o -> o.decision()).orElse(null),
                        r.outcome().flatMap(o -> o.tally()).map(t -> t.summary()).orElse(null),
                        r.outcome().flatMap(o -> o.tally()).map(t -> t.records()).orElse(null),
                        r.explain().isEmpty() ? null : r.explain()))
            .toList();
    var missed = run.coverage().unexercised();
    return new Report(
        "cli.countersign.dev/v1alpha1",
        "PolicyTestReport",
        new Summary(run.passed(), run.failed()),
        results,
        new CoverageReport(
            run.coverage().total(),
            run.coverage().total() - missed.size(),
            missed.stream().map(Object::toString).toList()));
  }

  public static void printJson(SuiteRunner.Run run, PrintStream out) {
    write(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build(), run, out);
  }

  public static void printYaml(SuiteRunner.Run run, PrintStream out) {
    write(
        YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build(),
        run,
        out);
  }

  private static void write(ObjectMapper mapper, SuiteRunner.Run run, PrintStream out) {
    try {
      out.println(mapper.writeValueAsString(of(run)).stripTrailing());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report cannot be written", e);
    }
  }
}
