package dev.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The CRDs committed under crds/ must be exactly what the build generates from the Java types. When
 * this fails, run {@code make crds} and commit the result.
 */
class CrdFilesAreCurrentTest {
  static final java.util.List<String> GENERATED = EmbeddedApiServer.CRDS;

  @ParameterizedTest
  @FieldSource("GENERATED")
  void committedCrdMatchesTheGeneratedOne(String resource) throws IOException {
    String generated;
    try (var stream = EmbeddedApiServer.resource(resource)) {
      generated = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
    String file = Path.of(resource).getFileName().toString().replace("-v1.yml", ".yaml");
    Path committed = Path.of("crds", file);

    assertThat(committed).as("crds/%s is committed (run make crds)", file).exists();
    assertThat(Files.readString(committed))
        .as("crds/%s differs from the CRD generated from the Java types: run make crds", file)
        .isEqualTo(generated);
  }
}
