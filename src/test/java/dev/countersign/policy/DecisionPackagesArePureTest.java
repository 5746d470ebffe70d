package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decision packages are pure logic: they import only the JDK, the API records and Jackson,
 * never the Kubernetes client, Quarkus or CDI (STYLE.md, "Pure decision logic").
 */
class DecisionPackagesArePureTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"src/main/java/dev/countersign/policy", "src/main/java/dev/countersign/quorum"})
  void decisionPackageImportsOnlyTheJdkTheApiAndJackson(String dir) throws IOException {
    List<String> imports;
    try (Stream<Path> files = Files.walk(Path.of(dir))) {
      imports =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .flatMap(SourceLines::of)
              .filter(line -> line.startsWith("import "))
              .toList();
    }

    assertThat(imports).isNotEmpty();
    assertThat(imports)
        .allMatch(
            line ->
                line.matches(
                    "import (static )?(java\\.|dev\\.countersign\\.api\\.v1alpha1\\.|"
                        + "dev\\.countersign\\.(policy|quorum)\\.|com\\.fasterxml\\.jackson\\.).*"));
  }

  /** Reads a source file's lines, failing the test when it cannot. */
  private static final class SourceLines {
    static Stream<String> of(Path file) {
      try {
        return Files.readAllLines(file).stream();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    }
  }
}
