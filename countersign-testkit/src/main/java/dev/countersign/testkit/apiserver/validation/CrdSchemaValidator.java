package dev.countersign.testkit.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates writes of one version of a custom resource as kube-apiserver does: decoding (pruning of
 * unknown fields, dropping of non-nullable nulls, defaulting), the status subresource's rules for
 * what a create, an update and a status update may change, then validation — {@code kind} and
 * {@code apiVersion}, the OpenAPI schema, list-type uniqueness and {@code x-kubernetes-validations}
 * rules (CEL), with ratcheting of unchanged parts on updates. Object metadata is not validated.
 *
 * <p>Construction fails, like a CRD the API server would reject, when a rule does not compile —
 * including rules that call functions outside {@link KubernetesCelLibrary} and cel-java's libraries
 * — and when the schema uses features this class does not evaluate.
 */
public final class CrdSchemaValidator {
  private static final Set<ErrorType> BLOCKING =
      Set.of(
          ErrorType.NOT_SUPPORTED,
          ErrorType.REQUIRED,
          ErrorType.TOO_LONG,
          ErrorType.TOO_MANY,
          ErrorType.TYPE_INVALID);

  private final CrdVersion crd;
  private final CelRuleNode rules;

  private CrdSchemaValidator(CrdVersion crd) {
    this.crd = crd;
    requireImplementedFormats(crd.schema(), crd.schemaPath());
    this.rules = CelRuleNode.root(crd.schema(), crd.schemaPath());
  }

  /** A validator for {@code version} of an {@code apiextensions.k8s.io/v1} CRD. */
  public static CrdSchemaValidator forVersion(JsonNode crd, String version) {
    return new CrdSchemaValidator(CrdVersion.of(crd, version));
  }

  public String group() {
    return crd.group();
  }

  public String kind() {
    return crd.kind();
  }

  public String version() {
    return crd.version();
  }

  /** A create: the status is dropped when the CRD has the status subresource. */
  public ValidationResult validateCreate(JsonNode object) {
    Decoded decoded = decode(object);
    Map<String, Object> obj = decoded.object();
    if (crd.statusSubresource()) {
      obj.remove("status");
    }
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>(decoded.warnings());
    if (typeMeta(obj, errors)) {
      errors.addAll(new OpenApiValidator(null).validate(crd.schema(), obj, null));
      errors.addAll(ListTypeValidator.validate(crd.schema(), obj));
      cel(obj, null, null, errors, warnings);
    }
    return result(obj, decoded.pruned(), warnings, errors);
  }

  /**
   * An update of the main resource: the status keeps its old value under the status subresource.
   */
  public ValidationResult validateUpdate(JsonNode object, JsonNode oldObject) {
    Decoded decoded = decode(object);
    Map<String, Object> obj = decoded.object();
    Map<String, Object> old = decode(oldObject).object();
    if (crd.statusSubresource()) {
      if (old.containsKey("status")) {
        obj.put("status", PlainJson.deepCopy(old.get("status")));
      } else {
        obj.remove("status");
      }
    }
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>(decoded.warnings());
    if (typeMeta(obj, errors)) {
      Correlation root = new Correlation(obj, old, crd.schema());
      errors.addAll(new OpenApiValidator(null).validate(crd.schema(), obj, root));
      if (ListTypeValidator.validate(crd.schema(), old).isEmpty()) {
        errors.addAll(ListTypeValidator.validate(crd.schema(), obj));
      }
      cel(obj, old, root, errors, warnings);
    }
    return result(obj, decoded.pruned(), warnings, errors);
  }

  /**
   * An update of the status subresource: only the new status is taken, onto the old object. The
   * OpenAPI schema is checked on the status, rules on the whole object (ratcheted).
   */
  public ValidationResult validateStatusUpdate(JsonNode object, JsonNode oldObject) {
    if (!crd.statusSubresource()) {
      throw new IllegalStateException(crd.kind() + " has no status subresource");
    }
    Decoded decoded = decode(object);
    Map<String, Object> old = decode(oldObject).object();
    @SuppressWarnings("unchecked")
    Map<String, Object> obj = (Map<String, Object>) PlainJson.deepCopy(old);
    if (decoded.object().containsKey("status")) {
      obj.put("status", decoded.object().get("status"));
    } else {
      obj.remove("status");
    }
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>(decoded.warnings());
    if (typeMeta(obj, errors)) {
      Correlation root = new Correlation(obj, old, crd.schema());
      Schema status =
          crd.schema().properties == null ? null : crd.schema().properties.get("status");
      if (obj.containsKey("status") && status != null) {
        Correlation corr = root.key("status");
        if (corr == null) {
          corr = new Correlation(obj.get("status"), old.get("status"), status);
        }
        errors.addAll(
            new OpenApiValidator(FieldPath.child(null, "status"))
                .validate(status, obj.get("status"), corr));
      }
      List<FieldError> listErrors = ListTypeValidator.validate(crd.schema(), obj);
      if (!listErrors.isEmpty() && ListTypeValidator.validate(crd.schema(), old).isEmpty()) {
        errors.addAll(listErrors);
      }
      cel(obj, old, root, errors, warnings);
    }
    return result(obj, decoded.pruned(), warnings, errors);
  }

  private void cel(
      Map<String, Object> obj,
      Map<String, Object> old,
      Correlation root,
      List<FieldError> errors,
      List<String> warnings) {
    if (rules == null) {
      return;
    }
    if (errors.stream().anyMatch(e -> BLOCKING.contains(e.type()))) {
      errors.add(
          FieldError.invalid(
              null,
              null,
              "some validation rules were not checked because the object was invalid; correct the"
                  + " existing errors to complete validation"));
      return;
    }
    new CelRuleEvaluator(errors, warnings).validate(rules, null, obj, old, Ratcheting.of(root));
  }

  /** {@code ValidateTypeMeta}: false (with errors) when kind or apiVersion is not this CRD's. */
  private boolean typeMeta(Map<String, Object> obj, List<FieldError> errors) {
    Object kind = obj.get("kind");
    Object apiVersion = obj.get("apiVersion");
    String groupVersion = crd.group() + "/" + crd.version();
    if (!crd.kind().equals(kind)) {
      errors.add(
          FieldError.invalid(
              FieldPath.child(null, "kind"), kind == null ? "" : kind, "must be " + crd.kind()));
    }
    if (!groupVersion.equals(apiVersion)) {
      errors.add(
          FieldError.invalid(
              FieldPath.child(null, "apiVersion"),
              apiVersion == null ? "" : apiVersion,
              "must be " + groupVersion));
    }
    return errors.isEmpty();
  }

  private record Decoded(Map<String, Object> object, List<String> pruned, List<String> warnings) {}

  private Decoded decode(JsonNode node) {
    Map<String, Object> obj = PlainJson.asMap(PlainJson.fromNode(node));
    if (obj == null) {
      throw new IllegalArgumentException("a custom resource must be a JSON object");
    }
    List<String> pruned = Pruner.prune(obj, crd.schema());
    Defaulter.apply(obj, crd.schema());
    List<String> warnings = pruned.stream().map(p -> "unknown field \"" + p + "\"").toList();
    return new Decoded(obj, pruned, warnings);
  }

  private ValidationResult result(
      Map<String, Object> obj,
      List<String> pruned,
      List<String> warnings,
      List<FieldError> errors) {
    Map<String, Object> meta = PlainJson.asMap(obj.get("metadata"));
    Object name = meta == null ? null : meta.get("name");
    return new ValidationResult(
        crd.group(),
        crd.kind(),
        name instanceof String s ? s : "",
        PlainJson.toNode(obj),
        List.copyOf(pruned),
        List.copyOf(warnings),
        List.copyOf(errors));
  }

  private static void requireImplementedFormats(Schema s, String where) {
    String format = s.effectiveFormat();
    if ((s.type.equals("string") || s.type.isEmpty())
        && !format.isEmpty()
        && !Formats.isImplemented(format)) {
      throw new UnsupportedOperationException(
          where + ": format " + format + " is checked by the API server but not implemented here");
    }
    if (s.properties != null) {
      s.properties.forEach(
          (k, v) -> requireImplementedFormats(v, where + ".properties[" + k + "]"));
    }
    if (s.items != null) {
      requireImplementedFormats(s.items, where + ".items");
    }
    if (s.additionalProperties != null) {
      requireImplementedFormats(s.additionalProperties, where + ".additionalProperties");
    }
  }
}
