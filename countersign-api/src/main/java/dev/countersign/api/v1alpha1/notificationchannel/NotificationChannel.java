package dev.countersign.api.v1alpha1.notificationchannel;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.CustomObject;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Where Countersign tells people about requests: a signed webhook, a Slack or a Microsoft Teams
 * incoming webhook. Read only in the operator's own namespace; policies name channels in {@code
 * rules[].approval.notify} and {@code notify[]}.
 */
@JsonClassDescription(
    "Where Countersign tells people about requests: a webhook signed as Standard Webhooks, a Slack incoming webhook (Block Kit) or a Microsoft Teams incoming webhook (Adaptive Card). The URL and signing key come from a Secret. Read only in the operator's own namespace; AgentPolicies name channels in rules[].approval.notify and notify[].")
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
@Plural("notificationchannels")
@ShortNames("nch")
@Categories("countersign")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class NotificationChannel
    extends CustomObject<NotificationChannelSpec, NotificationChannelStatus>
    implements Namespaced {}
