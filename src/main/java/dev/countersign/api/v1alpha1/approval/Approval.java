package dev.countersign.api.v1alpha1.approval;

import dev.countersign.api.v1alpha1.ApiVersion;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A person's signature on one specific ActionRequest: approve or reject, bound to the request's uid
 * and spec hash. Created by {@code kubectl approve}; lives in the request's namespace.
 */
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
@ShortNames("appr")
@Categories("countersign")
@AdditionalPrinterColumn(name = "Request", jsonPath = ".spec.request.name")
@AdditionalPrinterColumn(name = "Decision", jsonPath = ".spec.decision")
@AdditionalPrinterColumn(name = "Approver", jsonPath = ".spec.approver")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Approval extends CustomResource<ApprovalSpec, Void> implements Namespaced {}
