package dev.countersign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testkit.ProjectFiles;
import dev.countersign.testkit.chart.RenderedChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/countersign.yaml} is the chart's CRDs and templates rendered with its default
 * values (release {@value RenderedChart#RELEASE} in namespace {@value RenderedChart#NAMESPACE},
 * which it also creates), for {@code kubectl apply -f} users. It is never edited by hand: run this
 * test with {@code -Dcountersign.deploy.update=true} to regenerate it.
 */
class DeployManifestIsCurrentTest {
  static final Path DEPLOY = ProjectFiles.path("deploy", "countersign.yaml");
  static final String HEADER =
      "# Rendered from helm/countersign with default values (plus namespace.create=true); do not"
          + " edit.\n# Regenerate: ./mvnw test -Dtest=DeployManifestIsCurrentTest"
          + " -Dcountersign.deploy.update=true\n";

  @Test
  void deployManifestIsTheChartRenderedWithDefaultValues() throws IOException {
    String rendered =
        HEADER + RenderedChart.renderWithCrds(Map.of("namespace.create", true)).yaml();
    if (Boolean.getBoolean("countersign.deploy.update")) {
      Files.createDirectories(DEPLOY.getParent());
      Files.writeString(DEPLOY, rendered);
    }

    assertThat(DEPLOY).exists();
    assertThat(Files.readString(DEPLOY))
        .as("deploy/countersign.yaml is stale; regenerate it (see this test's Javadoc)")
        .isEqualTo(rendered);
  }
}
