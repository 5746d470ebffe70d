package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RBAC objects from manifests: multi-document YAML (a rendered Helm chart) or JSON, with
 * {@code List} objects expanded. Objects of other kinds are skipped.
 */
public final class RbacManifests {

  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

  private RbacManifests() {}

  /** The RBAC objects of a manifest file. */
  public static List<JsonNode> read(Path file) {
    try {
      return read(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The RBAC objects of YAML (one or more documents) or JSON text. */
  public static List<JsonNode> read(String manifests) {
    List<JsonNode> objects = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(manifests);
        MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
      while (documents.hasNextValue()) {
        collect(documents.nextValue(), objects);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  /** Whether an object is a Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
  public static boolean isRbacObject(JsonNode object) {
    return object != null
        && object.isObject()
        && ApiJson.text(object, "apiVersion").startsWith(RbacKind.GROUP + "/")
        && RbacKind.of(ApiJson.text(object, "kind")).isPresent();
  }

  private static void collect(JsonNode document, List<JsonNode> objects) {
    if (document == null || !document.isObject()) {
      return;
    }
    if (ApiJson.text(document, "kind").endsWith("List") && document.path("items").isArray()) {
      document.path("items").forEach(item -> collect(item, objects));
    } else if (isRbacObject(document)) {
      objects.add(document);
    }
  }
}
