package dev.countersign.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code package} built for the image (target/quarkus-app, which {@code make image} layers)
 * holds the operator and its libraries, and nothing that only tests or the sandbox use: no embedded
 * API server, no simulated controller, no mock web server.
 */
class PackagedOperatorIT {
  private static final Path APP = Path.of("target", "quarkus-app");

  @Test
  void theOperatorsJarsShipNoTestKitOrMockServer() throws IOException {
    List<Path> jars = jars();

    assertThat(jars).as("the packaged operator's jars").isNotEmpty();
    assertThat(jars.stream().map(j -> j.getFileName().toString()))
        .noneMatch(name -> name.contains("countersign-testkit"))
        .noneMatch(name -> name.contains("kubernetes-server-mock"))
        .noneMatch(name -> name.contains("mockwebserver"))
        .noneMatch(name -> name.contains("countersign-sandbox"));
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        assertThat(file.stream().map(e -> e.getName()))
            .as("classes in %s", jar.getFileName())
            .noneMatch(name -> name.startsWith("dev/countersign/testkit/"))
            .noneMatch(name -> name.startsWith("dev/countersign/sandbox/"))
            .noneMatch(name -> name.startsWith("io/fabric8/kubernetes/client/server/mock/"))
            .noneMatch(name -> name.startsWith("io/fabric8/mockwebserver/"));
      }
    }
  }

  private static List<Path> jars() throws IOException {
    try (Stream<Path> files = Files.walk(APP)) {
      return files.filter(f -> f.toString().endsWith(".jar")).toList();
    }
  }
}
