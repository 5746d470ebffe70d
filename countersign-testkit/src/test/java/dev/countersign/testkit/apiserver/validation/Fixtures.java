package dev.countersign.testkit.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.countersign.testkit.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test inputs: YAML parsing, a CRD around a schema, and the project's own CRDs and samples. */
final class Fixtures {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Quotes a string for a YAML flow scalar (a JSON string is valid YAML). */
  static final java.util.function.Function<String, String> YAML_QUOTE =
      s -> {
        try {
          return new ObjectMapper().writeValueAsString(s);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };

  private Fixtures() {}

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A namespaced {@code Thing.example.com} CRD, version v1, with this root schema. */
  static JsonNode crd(String schemaYaml) {
    return crd(schemaYaml, false);
  }

  /** The same, optionally with the status subresource. */
  static JsonNode crd(String schemaYaml, boolean statusSubresource) {
    ObjectNode crd =
        (ObjectNode)
            yaml(
                """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: things.example.com}
                spec:
                  group: example.com
                  names: {kind: Thing, plural: things}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                """);
    ObjectNode version = (ObjectNode) crd.path("spec").path("versions").get(0);
    version.putObject("schema").set("openAPIV3Schema", yaml(schemaYaml));
    if (statusSubresource) {
      version.putObject("subresources").putObject("status");
    }
    return crd;
  }

  /** A Thing object with this YAML body (the fields besides apiVersion, kind and metadata). */
  static JsonNode thing(String bodyYaml) {
    ObjectNode thing =
        (ObjectNode) yaml("apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x}\n");
    JsonNode body = yaml(bodyYaml);
    if (body != null && body.isObject()) {
      body.fields().forEachRemaining(e -> thing.set(e.getKey(), e.getValue()));
    }
    return thing;
  }

  /** The repository's root directory. */
  static Path mainDir() {
    return ProjectFiles.root();
  }

  /** A file of the main project, parsed (the first document of a YAML stream). */
  static JsonNode mainFile(String relative) {
    try {
      return YAML.readTree(Files.readString(mainDir().resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
