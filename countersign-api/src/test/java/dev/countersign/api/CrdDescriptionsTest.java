package dev.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code kubectl explain} is a newcomer's manual: every object in the generated CRDs (the kind
 * itself, spec, status, nested objects and the objects in lists and maps) says what it is. A
 * description comes from {@code @JsonPropertyDescription} on the field or, for the kind, its spec
 * and status types and the types in lists, {@code @JsonClassDescription} on the class.
 */
class CrdDescriptionsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @FieldSource("dev.countersign.api.CrdFilesAreCurrentTest#GENERATED")
  void everyObjectInTheSchemaHasADescription(String crd) throws IOException {
    JsonNode schema;
    try (InputStream stream =
        getClass().getClassLoader().getResourceAsStream("META-INF/fabric8/" + crd + "-v1.yml")) {
      assertThat(stream).as("the build generated %s", crd).isNotNull();
      schema = YAML.readTree(stream).at("/spec/versions/0/schema/openAPIV3Schema");
    }
    assertThat(schema.isMissingNode()).as("%s has an openAPIV3Schema", crd).isFalse();

    List<String> undescribed = new ArrayList<>();
    collectUndescribed(schema, crd.substring(0, crd.indexOf('.')), undescribed);

    assertThat(undescribed)
        .as("objects in %s without a description (kubectl explain prints <empty>)", crd)
        .isEmpty();
  }

  /**
   * Adds path, and the paths of the objects below it, when they are objects with no description.
   */
  private static void collectUndescribed(JsonNode node, String path, List<String> undescribed) {
    boolean object = "object".equals(node.path("type").asText()) || node.has("properties");
    if (object && node.path("description").asText().isBlank()) {
      undescribed.add(path);
    }
    for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
      collectUndescribed(property.getValue(), path + "." + property.getKey(), undescribed);
    }
    if (node.has("items")) {
      collectUndescribed(node.get("items"), path + "[]", undescribed);
    }
    if (node.path("additionalProperties").isObject()) {
      collectUndescribed(node.get("additionalProperties"), path + "{}", undescribed);
    }
  }
}
