package dev.countersign.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorJvmTest {

  @Test
  void theBuildsJdkStartsWithTheImagesFlags() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(OperatorJvm.FLAGS);
    command.add(OperatorJvm.CHART_MEMORY_LIMIT);
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(java.waitFor()).as(output).isZero();
    assertThat(output).doesNotContain("Unrecognized", "warning", "Warning");
  }

  @Test
  void compactObjectHeadersOnlyWhereTheJdkHasThem() {
    assertThat(OperatorJvm.compactObjectHeaders(21)).isEmpty();
    assertThat(OperatorJvm.compactObjectHeaders(25))
        .containsExactly("-XX:+UseCompactObjectHeaders");
  }
}
