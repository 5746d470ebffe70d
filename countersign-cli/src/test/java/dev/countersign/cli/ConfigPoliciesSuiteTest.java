package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code countersign test config/policies --require-coverage} passes in {@code make test}: the
 * example policies' suite holds, and no rule of any example policy goes unexercised.
 */
class ConfigPoliciesSuiteTest {
  private static final Path POLICIES = CliRun.repoRoot().resolve("config/policies");

  @Test
  void theExamplePoliciesSuitePassesWithEveryRuleExercised() {
    CliRun run = CliRun.of("test", POLICIES.toString(), "--require-coverage");

    assertThat(run.err()).isEmpty();
    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out()).contains(" passed, 0 failed").doesNotContain("FAIL");
    assertThat(run.out()).containsPattern("coverage: (\\d+) of \\1 rules exercised\\n");
  }

  @Test
  void everyExamplePolicyFileIsLoadedByTheSuite() throws IOException {
    List<String> policies;
    try (Stream<Path> files = Files.list(POLICIES)) {
      policies =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.endsWith(".countersign-test.yaml"))
              .map(n -> n.substring(0, n.length() - ".yaml".length()))
              .toList();
    }
    CliRun run = CliRun.of("test", POLICIES.toString(), "-o", "json");

    assertThat(policies).isNotEmpty();
    for (String policy : policies) {
      assertThat(run.out()).as("a case governed by %s", policy).contains("\"" + policy + "\"");
    }
  }
}
