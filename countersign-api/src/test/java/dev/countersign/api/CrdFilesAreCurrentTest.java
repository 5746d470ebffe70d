package dev.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The CRDs committed under crds/ and in the Helm chart must be exactly what the build generates
 * from the Java types. When this fails, run {@code make crds} and commit the result.
 */
class CrdFilesAreCurrentTest {
  static final List<String> GENERATED =
      List.of(
          "agentpolicies.countersign.dev",
          "actionrequests.countersign.dev",
          "approvals.countersign.dev",
          "notificationchannels.countersign.dev");

  /** The repository's root, as the build passes it to every test. */
  private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

  @ParameterizedTest
  @FieldSource("GENERATED")
  void committedCrdsMatchTheGeneratedOne(String crd) throws IOException {
    String generated;
    try (InputStream stream =
        getClass().getClassLoader().getResourceAsStream("META-INF/fabric8/" + crd + "-v1.yml")) {
      assertThat(stream).as("the build generated %s", crd).isNotNull();
      generated = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Path committed : List.of(ROOT.resolve("crds"), ROOT.resolve("helm/countersign/crds"))) {
      Path file = committed.resolve(crd + ".yaml");
      assertThat(file).as("%s is committed (run make crds)", file).exists();
      assertThat(Files.readString(file))
          .as("%s differs from the CRD generated from the Java types: run make crds", file)
          .isEqualTo(generated);
    }
  }
}
