package dev.countersign.api.v1alpha1.actionrequest;

import dev.countersign.api.v1alpha1.ApiVersion;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One change an agent asks Countersign to make, with its reasoning. */
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
@ShortNames("areq")
@Categories("countersign")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Action", jsonPath = ".spec.action")
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".spec.target.kind", priority = 1)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.name")
@AdditionalPrinterColumn(name = "Agent", jsonPath = ".spec.requester")
@AdditionalPrinterColumn(name = "Approvals", jsonPath = ".status.approvalSummary")
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message")
@AdditionalPrinterColumn(name = "Summary", jsonPath = ".spec.reasoning.summary", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ActionRequest extends CustomResource<ActionRequestSpec, ActionRequestStatus>
    implements Namespaced {

  /** The phase, treating a request nobody has looked at yet as Pending. */
  public Phase phase() {
    return getStatus() == null || getStatus().phase() == null ? Phase.Pending : getStatus().phase();
  }
}
