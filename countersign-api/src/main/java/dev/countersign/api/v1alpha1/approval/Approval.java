package dev.countersign.api.v1alpha1.approval;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.CustomObject;
import dev.countersign.api.v1alpha1.UnreadableParts;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.Optional;

/**
 * A person's signature on one specific ActionRequest: approve or reject, bound to the request's uid
 * and spec hash. Created by {@code kubectl approve}; lives in the request's namespace.
 */
@JsonClassDescription(
    "A person's signature on one ActionRequest: Approve or Reject, bound to the request's uid and to the SHA-256 of the spec they saw. Created with kubectl approve in the request's namespace; immutable.")
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
// Named, not derived: Fabric8 otherwise works the plural out with regular expressions each
// time an object is built or read.
@Plural("approvals")
@ShortNames("appr")
@Categories("countersign")
@AdditionalPrinterColumn(name = "Request", jsonPath = ".spec.request.name")
@AdditionalPrinterColumn(name = "Decision", jsonPath = ".spec.decision")
@AdditionalPrinterColumn(name = "Approver", jsonPath = ".spec.approver")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// An Approval has no status: the CRD leaves the base class's status field out, rather than offer an
// empty object nobody writes.
@SchemaSwap(originalType = Approval.class, fieldName = "status", targetType = void.class)
public class Approval extends CustomObject<ApprovalSpec, Void> implements Namespaced {
  @JsonIgnore private final UnreadableParts unreadable = new UnreadableParts();

  /**
   * Why the spec in the API server could not be read (wrong JSON types, unknown fields), or empty.
   * Such an Approval counts for nothing and is reported on itself.
   */
  public Optional<String> unreadableSpec() {
    return unreadable.specProblem();
  }

  @JsonSetter("spec")
  void readSpec(JsonNode json) {
    setSpec(unreadable.readSpec(json, ApprovalSpec.class));
  }

  /** Writes an unreadable spec back as it was read, so a copy keeps the problem. */
  @JsonAnyGetter
  @JsonIgnore
  Map<String, JsonNode> unreadableParts() {
    return unreadable.raw();
  }
}
