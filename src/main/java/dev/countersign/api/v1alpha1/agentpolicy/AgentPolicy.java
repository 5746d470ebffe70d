package dev.countersign.api.v1alpha1.agentpolicy;

import dev.countersign.api.v1alpha1.ApiVersion;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cluster-scoped rules written by cluster admins: which agents may do which actions on which
 * workloads, within which limits and with which approvals.
 */
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
@ShortNames("apol")
@Categories("countersign")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Rules", jsonPath = ".spec.rules[*].action", priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AgentPolicy extends CustomResource<AgentPolicySpec, AgentPolicyStatus> {}
