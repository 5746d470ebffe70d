package dev.countersign.testkit.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the API server makes of one write of a custom resource.
 *
 * @param group the CRD's group
 * @param kind the CRD's kind
 * @param name the object's {@code metadata.name} ("" if none)
 * @param object the object as the API server would store it: pruned, defaulted, and with the status
 *     (or, for a status update, everything but the status) handled as the CRD's status subresource
 *     requires; server-set metadata is not filled in
 * @param prunedFields the unknown fields that were dropped, e.g. {@code spec.foo}, sorted
 * @param warnings the response's warnings: {@code unknown field "spec.foo"} for each pruned field,
 *     then the failures of unchanged parts that ratcheting let through
 * @param errors the field errors; empty when the write is accepted
 */
public record ValidationResult(
    String group,
    String kind,
    String name,
    JsonNode object,
    List<String> prunedFields,
    List<String> warnings,
    List<FieldError> errors) {

  /** Whether the API server would accept the write. */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The {@code Status} message of the 422 response. */
  public String message() {
    return InvalidStatus.message(group, kind, name, errors);
  }

  /** The 422 response body; only meaningful when {@link #isValid()} is false. */
  public String statusJson() {
    return InvalidStatus.render(group, kind, name, errors);
  }
}
