package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.CustomObject;
import dev.countersign.api.v1alpha1.UnreadableParts;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.Optional;

/** One change an agent asks Countersign to make, with its reasoning. */
@JsonClassDescription(
    "One change an AI agent asks Countersign to make to a Deployment or StatefulSet (scale, restart or roll back), with its reasoning. Countersign decides it against the AgentPolicies, waits for the Approvals they require, makes the change itself and records what happened in status.")
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
// Named, not derived: Fabric8 otherwise works the plural out with regular expressions each
// time an object is built or read.
@Plural("actionrequests")
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
public class ActionRequest extends CustomObject<ActionRequestSpec, ActionRequestStatus>
    implements Namespaced {
  /**
   * The label the operator puts on a request before it records the start of its execution (value
   * {@code "true"}), and on any older request whose status says it started. Budgets and cooldowns
   * count exactly those requests, so a reader that needs only them (the MCP door's check_action and
   * list_allowed_actions) lists them by this label instead of reading every request in the cluster.
   * Agents cannot take it off (their role may not update or patch requests); one an agent puts on
   * itself only adds a request that is then found not to have started.
   */
  public static final String STARTED_LABEL = "countersign.dev/started";

  @JsonIgnore private final UnreadableParts unreadable = new UnreadableParts();

  /** The phase, treating a request nobody has looked at yet as Pending. */
  public Phase phase() {
    return getStatus() == null || getStatus().phase() == null ? Phase.Pending : getStatus().phase();
  }

  /**
   * Why the spec or status in the API server could not be read (wrong JSON types, unknown fields),
   * or empty. Such a request is denied with this reason; it is never decided or executed.
   */
  public Optional<String> unreadable() {
    return unreadable.problem();
  }

  @JsonSetter("spec")
  void readSpec(JsonNode json) {
    setSpec(unreadable.readSpec(json, ActionRequestSpec.class));
  }

  @JsonSetter("status")
  void readStatus(JsonNode json) {
    setStatus(unreadable.readStatus(json, ActionRequestStatus.class));
  }

  /**
   * Writes an unreadable spec or status back as it was read, so a copy keeps the problem. Ignored
   * as a property (it is not part of the schema), still used as Jackson's any-getter.
   */
  @JsonAnyGetter
  @JsonIgnore
  Map<String, JsonNode> unreadableParts() {
    return unreadable.raw();
  }
}
