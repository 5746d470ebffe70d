package dev.countersign.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.policy.PolicyValidator;
import dev.countersign.testkit.ProjectFiles;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file under config/ parses, and every AgentPolicy in it is valid (policy tests aside). */
class ConfigFilesTest {

  /**
   * Every YAML file but the policy tests (*.countersign-test.yaml), which are not Kubernetes
   * objects: the countersign CLI reads them strictly (countersign-cli's ConfigPoliciesSuiteTest).
   */
  static Stream<Path> yamlFiles() throws IOException {
    return files()
        .filter(p -> p.toString().endsWith(".yaml"))
        .filter(p -> !p.toString().endsWith(".countersign-test.yaml"));
  }

  static Stream<Path> jsonFiles() throws IOException {
    return files().filter(p -> p.toString().endsWith(".json"));
  }

  private static Stream<Path> files() throws IOException {
    return Files.walk(ProjectFiles.path("config")).filter(Files::isRegularFile).sorted();
  }

  @ParameterizedTest
  @MethodSource("yamlFiles")
  void everyYamlFileParsesAndEveryPolicyIsValid(Path file) throws IOException {
    List<HasMetadata> objects = parse(file);

    assertThat(objects).as("objects in %s", file).isNotEmpty();
    for (HasMetadata object : objects) {
      assertThat(object.getKind()).as("kind in %s", file).isNotBlank();
      assertThat(object.getMetadata().getName()).as("name in %s", file).isNotBlank();
      if ("AgentPolicy".equals(object.getKind())) {
        AgentPolicy policy =
            Serialization.unmarshal(Serialization.asJson(object), AgentPolicy.class);
        assertThat(policy.getSpec()).as("spec of %s", file).isNotNull();
        assertThat(PolicyValidator.problems(policy.getSpec()))
            .as("problems of AgentPolicy %s", policy.getMetadata().getName())
            .isEmpty();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("jsonFiles")
  void everyJsonFileParses(Path file) throws IOException {
    JsonNode json = new ObjectMapper().readTree(file.toFile());

    assertThat(json.isObject()).as("%s is a JSON object", file).isTrue();
  }

  private static List<HasMetadata> parse(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      Object parsed = Serialization.unmarshal(in);
      if (parsed instanceof List<?> list) {
        return list.stream().map(HasMetadata.class::cast).toList();
      }
      if (parsed instanceof GenericKubernetesResource || parsed instanceof HasMetadata) {
        return List.of((HasMetadata) parsed);
      }
      throw new AssertionError(file + " holds no Kubernetes object");
    }
  }
}
