package dev.countersign.testkit.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One version of an {@code apiextensions.k8s.io/v1} CustomResourceDefinition: what validation needs
 * of it.
 *
 * @param group the API group, e.g. {@code countersign.dev}
 * @param kind the resource kind, e.g. {@code ActionRequest}
 * @param version the version name, e.g. {@code v1alpha1}
 * @param schema the version's {@code openAPIV3Schema}
 * @param statusSubresource whether the version has the status subresource
 * @param schemaPath where the schema sits in the CRD, as the API server names it in errors
 */
record CrdVersion(
    String group,
    String kind,
    String version,
    Schema schema,
    boolean statusSubresource,
    String schemaPath) {

  /** The named version of a CRD; throws when the CRD has no such version or no schema for it. */
  static CrdVersion of(JsonNode crd, String version) {
    Map<String, Object> root = PlainJson.asMap(PlainJson.fromNode(crd));
    if (root == null || !"CustomResourceDefinition".equals(root.get("kind"))) {
      throw new IllegalArgumentException("not a CustomResourceDefinition");
    }
    if (!"apiextensions.k8s.io/v1".equals(root.get("apiVersion"))) {
      throw new IllegalArgumentException("only apiextensions.k8s.io/v1 CRDs are supported");
    }
    Map<String, Object> spec = PlainJson.asMap(root.get("spec"));
    Map<String, Object> names = PlainJson.asMap(spec.get("names"));
    List<Object> versions = PlainJson.asList(spec.get("versions"));
    for (int i = 0; i < versions.size(); i++) {
      Map<String, Object> v = PlainJson.asMap(versions.get(i));
      if (!version.equals(v.get("name"))) {
        continue;
      }
      Map<String, Object> schemaHolder = PlainJson.asMap(v.get("schema"));
      // The API server keeps one schema shared by every version as spec.validation (its internal
      // form), and names its fields so in errors, e.g. on a real cluster:
      // spec.validation.openAPIV3Schema.properties[spec]...rule: Forbidden: estimated rule cost...
      String path =
          sharedSchema(versions)
              ? "spec.validation.openAPIV3Schema"
              : "spec.versions[" + i + "].schema.openAPIV3Schema";
      if (schemaHolder == null || schemaHolder.get("openAPIV3Schema") == null) {
        throw new IllegalArgumentException(path + ": Required value");
      }
      Map<String, Object> subresources = PlainJson.asMap(v.get("subresources"));
      if (subresources != null && subresources.get("scale") != null) {
        throw new UnsupportedOperationException("the scale subresource is not supported");
      }
      return new CrdVersion(
          (String) spec.get("group"),
          (String) names.get("kind"),
          version,
          Schema.parse(schemaHolder.get("openAPIV3Schema"), path),
          subresources != null && subresources.containsKey("status"),
          path);
    }
    throw new IllegalArgumentException("the CRD has no version " + version);
  }

  private static boolean sharedSchema(List<Object> versions) {
    Object first = PlainJson.asMap(versions.get(0)).get("schema");
    return versions.stream()
        .allMatch(v -> java.util.Objects.equals(PlainJson.asMap(v).get("schema"), first));
  }

  /** The names of a CRD's versions, in order. */
  static List<String> versionNames(JsonNode crd) {
    List<String> names = new java.util.ArrayList<>();
    crd.path("spec").path("versions").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }
}
