package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.testkit.apiserver.validation.CelCostEstimator;
import dev.countersign.testkit.apiserver.validation.CostReport;
import dev.countersign.testkit.apiserver.validation.CrdSchemaValidator;
import dev.countersign.testkit.apiserver.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of the CustomResourceDefinitions the server stores, by group, plural and version,
 * kept in step with the CRDs as they are written; and the API server's check of a CRD's CEL rules
 * against the cost budget before it is stored.
 */
final class CustomResourceSchemas {
  private final Map<String, CrdSchemaValidator> validators = new ConcurrentHashMap<>();

  /** The validator of a served resource, or empty for one no stored CRD defines. */
  Optional<CrdSchemaValidator> forResource(String group, String plural, String version) {
    return Optional.ofNullable(validators.get(key(group, plural, version)));
  }

  /**
   * The causes the API server refuses this CRD with because its validation rules cost too much, or
   * an empty list when it may be stored.
   */
  static List<FieldError> costErrors(JsonNode crd) {
    List<FieldError> errors = new ArrayList<>();
    for (CostReport report : CelCostEstimator.estimateAll(crd)) {
      errors.addAll(report.fieldErrors());
    }
    return errors;
  }

  /** Records a stored CRD's schemas. */
  void put(JsonNode crd) {
    String group = crd.path("spec").path("group").asText();
    String plural = crd.path("spec").path("names").path("plural").asText();
    for (JsonNode version : crd.path("spec").path("versions")) {
      String name = version.path("name").asText();
      validators.put(key(group, plural, name), CrdSchemaValidator.forVersion(crd, name));
    }
  }

  /** Forgets a deleted CRD's schemas. */
  void remove(JsonNode crd) {
    String group = crd.path("spec").path("group").asText();
    String plural = crd.path("spec").path("names").path("plural").asText();
    validators.keySet().removeIf(k -> k.startsWith(group + "/" + plural + "/"));
  }

  private static String key(String group, String plural, String version) {
    return group + "/" + plural + "/" + version;
  }
}
