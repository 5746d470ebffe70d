package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.countersign.testkit.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CEL rule of Countersign's CRDs, estimated the way the API server estimates it when the CRD
 * is created (list and string sizes from maxItems and maxLength): within the per-rule budget the
 * API server enforces at creation (it refused an unbounded rule on a real cluster) and within the
 * run-time per-call limit too. Each rule's estimate is printed.
 */
class CountersignCrdCostTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<Path> crds() throws IOException {
    try (Stream<Path> files = Files.list(ProjectFiles.path("crds"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("crds")
  void everyRuleIsWithinTheApiServersCostBudget(Path file) throws IOException {
    JsonNode crd = YAML.readTree(file.toFile());

    for (CostReport report : CelCostEstimator.estimateAll(crd)) {
      System.out.printf(
          "%s %s: %d rule(s), total estimated cost %,d (CRD limit %,d)%n",
          file.getFileName(),
          report.version(),
          report.rules().size(),
          report.total(),
          CostReport.STATIC_ESTIMATED_CRD_COST_LIMIT);
      for (RuleCost rule : report.rules()) {
        System.out.printf(
            "  %,12d  (%.4f%% of the per-rule budget)  %s%n      %s%n",
            rule.cost(), rule.budgetFactor() * 100, rule.path(), rule.expression());
      }
      assertThat(report.errors()).as("what the API server would refuse %s with", file).isEmpty();
      assertThat(report.rules())
          .allSatisfy(
              rule ->
                  assertThat(rule.exceedsPerCallLimit())
                      .as("%s costs %,d, over the per-call limit", rule.path(), rule.cost())
                      .isFalse());
    }
  }
}
