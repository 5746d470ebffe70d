package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

/**
 * The outputs of {@code countersign test}: JSON and YAML that parse, JUnit XML valid against the
 * Apache Ant JUnit schema, {@code --explain}, {@code --run}, the coverage report and {@code
 * --record}.
 */
class OutputsTest {
  @TempDir Path dir;

  /** Two cases: one passing, one failing (it expects a denial). */
  private Path passingAndFailing() {
    return new TestFolder(dir)
        .testFile(
            "    expect: {verdict: Allowed}",
            """
                expect: {verdict: Allowed}
              - name: "fails <&> \\"quoted\\""
                request:
                  spec:
                    requester: system:serviceaccount:agents:autoscaler
                    action: scale
                    target: {kind: Deployment, name: web}
                    scale: {replicas: 30}
                expect: {verdict: Allowed}
            """);
  }

  @Test
  void junitOutputIsValidAgainstTheJunitSchema() throws Exception {
    CliRun run = CliRun.of("test", passingAndFailing().toString(), "-o", "junit");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("1 passed, 1 failed\n");
    validate(run.out());
    assertThat(run.out())
        .contains("<testsuite name=\"scaling\"")
        .contains("tests=\"2\" failures=\"1\" errors=\"0\"")
        .contains("<testcase name=\"scales-web\" classname=\"scaling\"")
        .contains("name=\"fails &lt;&amp;&gt; &quot;quoted&quot;\"")
        .contains("<failure message=\"verdict: expected Allowed, got Denied\"");
  }

  @Test
  void theSchemaCheckRejectsWhatIsNotJunit() {
    assertThatThrownBy(() -> validate("<testsuites><testsuite name=\"x\"/></testsuites>"))
        .isInstanceOf(SAXException.class);
  }

  private static void validate(String xml) throws Exception {
    Validator validator =
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
            .newSchema(OutputsTest.class.getResource("/junit/JUnit.xsd"))
            .newValidator();
    validator.validate(new StreamSource(new StringReader(xml)));
  }

  @Test
  void jsonAndYamlCarryEveryCaseTheSummaryAndCoverage() throws Exception {
    Path file = passingAndFailing();
    JsonNode json =
        new ObjectMapper().readTree(CliRun.of("test", file.toString(), "-o", "json").out());
    JsonNode yaml =
        new YAMLMapper().readTree(CliRun.of("test", file.toString(), "-o", "yaml").out());

    for (JsonNode report : new JsonNode[] {json, yaml}) {
      assertThat(report.at("/summary/passed").asInt()).isEqualTo(1);
      assertThat(report.at("/summary/failed").asInt()).isEqualTo(1);
      assertThat(report.at("/results/0/verdict").asText()).isEqualTo("Allowed");
      assertThat(report.at("/results/1/reasonCodes/0").asText()).isEqualTo("AboveMax");
      assertThat(report.at("/results/1/failures/0").asText())
          .isEqualTo("verdict: expected Allowed, got Denied");
      assertThat(report.at("/results/1/decision/verdict").asText()).isEqualTo("Denied");
      assertThat(report.at("/coverage/rules").asInt()).isEqualTo(1);
      assertThat(report.at("/coverage/exercised").asInt()).isEqualTo(1);
    }
  }

  @Test
  void explainPrintsEveryPolicyAndRuleConsideredAndWhy() {
    TestFolder folder = new TestFolder(dir);
    folder.write(
        "policies/restarts.yaml",
        """
        apiVersion: countersign.dev/v1alpha1
        kind: AgentPolicy
        metadata: {name: restarts}
        spec:
          subjects: {groups: [ai-agents]}
          targets: {}
          rules: [{action: restart}]
        """);
    CliRun run =
        CliRun.of(
            "test",
            folder.testFile("kind: PolicyTest", "kind: PolicyTest").toString(),
            "--explain");

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(
            "    decision: Allowed: policy autoscaling-within-bounds allows scale on Deployment web")
        .contains(
            "    policy autoscaling-within-bounds: governs the request: allows scale on Deployment"
                + " web\n      rules[0] Allow scale: applies")
        .contains("    policy restarts: does not apply: requester is not among its subjects");
  }

  @Test
  void runSelectsCasesByName() {
    Path file = passingAndFailing();

    CliRun onlyPassing = CliRun.of("test", file.toString(), "--run", "^scales-");
    assertThat(onlyPassing.code()).isZero();
    assertThat(onlyPassing.out()).contains("1 passed, 0 failed").doesNotContain("fails <&>");

    CliRun bySuite = CliRun.of("test", file.toString(), "--run", "scaling/fails");
    assertThat(bySuite.code()).isEqualTo(1);
    assertThat(bySuite.out()).contains("0 passed, 1 failed");

    CliRun none = CliRun.of("test", file.toString(), "--run", "nothing-is-called-this");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no case matched --run nothing-is-called-this");
  }

  @Test
  void coverageListsTheRulesNoCaseExercised() {
    TestFolder folder = new TestFolder(dir);
    folder.write(
        "policies/restarts.yaml",
        """
        apiVersion: countersign.dev/v1alpha1
        kind: AgentPolicy
        metadata: {name: restarts}
        spec:
          subjects: {groups: [ai-agents]}
          targets: {}
          rules: [{action: scale}, {action: restart}]
        """);
    Path file = folder.testFile("kind: PolicyTest", "kind: PolicyTest");

    CliRun run = CliRun.of("test", file.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("coverage: 1 of 3 rules exercised; not exercised by any case:")
        .contains("  restarts rules[0] (Allow scale) in " + dir.resolve("policies/restarts.yaml"))
        .contains("  restarts rules[1] (Allow restart) in ");

    CliRun strict = CliRun.of("test", file.toString(), "--require-coverage");
    assertThat(strict.code()).isEqualTo(1);
  }

  @Test
  void recordFillsInTheExpectationsFromTheCurrentDecisions() throws Exception {
    Path file = passingAndFailing();
    Files.writeString(file, Files.readString(file).replace("    expect: {verdict: Allowed}\n", ""));
    assertThat(CliRun.of("test", file.toString()).code()).isEqualTo(2);

    CliRun record = CliRun.of("test", file.toString(), "--record");
    assertThat(record.code()).as(record.err()).isZero();
    assertThat(record.err()).contains("recorded the expectations of 2 cases");

    CliRun after = CliRun.of("test", file.toString());
    assertThat(after.code()).as(after.out()).isZero();
    assertThat(after.out()).contains("2 passed, 0 failed");
    assertThat(Files.readString(file))
        .contains("verdict: Denied")
        .contains("- AboveMax")
        .contains("- autoscaling-within-bounds");
  }
}
