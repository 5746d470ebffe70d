package dev.countersign.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which layout ImageBuild finds, and what the image then starts. */
class ImageBuildTest {
  @TempDir Path dir;

  @Test
  void theOperatorsQuarkusFastJarStartsQuarkusRunOn8080() throws Exception {
    Files.createDirectories(dir.resolve("lib/main"));
    Files.createDirectories(dir.resolve("app"));
    Files.createDirectories(dir.resolve("quarkus"));
    Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
    Files.writeString(dir.resolve("lib/main/dep.jar"), "jar");

    ImageBuild.App app = ImageBuild.App.of(dir);

    assertThat(app.jar().toString()).isEqualTo("/app/quarkus-run.jar");
    assertThat(app.port()).isEqualTo(8080);
    assertThat(app.title()).isEqualTo("countersign");
  }

  @Test
  void theMcpDoorsPlainJarStartsFromLibOn8090WithItsDependenciesInTheirOwnLayer() throws Exception {
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("lib/countersign-mcp-0.1.0-SNAPSHOT.jar"), "jar");
    Files.writeString(dir.resolve("lib/jetty-server-12.jar"), "jar");

    ImageBuild.App app = ImageBuild.App.of(dir);

    assertThat(app.jar().toString()).isEqualTo("/app/lib/countersign-mcp-0.1.0-SNAPSHOT.jar");
    assertThat(app.port()).isEqualTo(8090);
    assertThat(app.title()).isEqualTo("countersign-mcp");
    assertThat(app.dependencies().getEntries())
        .extracting(e -> e.getExtractionPath().toString())
        .containsExactly("/app/lib/jetty-server-12.jar");
  }

  @Test
  void anUnbuiltDirectorySaysWhatToRun() {
    assertThatThrownBy(() -> ImageBuild.App.of(dir.resolve("missing")))
        .hasMessageContaining("run ./mvnw package first");
  }
}
