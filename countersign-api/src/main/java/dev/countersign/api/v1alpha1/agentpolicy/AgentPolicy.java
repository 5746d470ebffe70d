package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.CustomObject;
import dev.countersign.api.v1alpha1.UnreadableParts;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster-scoped rules written by cluster admins: which agents may do which actions on which
 * workloads, within which limits and with which approvals.
 */
@JsonClassDescription(
    "Which agents may scale, restart or roll back which workloads, within which limits and with whose approval. Cluster-scoped, written by cluster admins; a request that no policy allows is denied.")
@Group(ApiVersion.GROUP)
@Version(ApiVersion.VERSION)
// Named, not derived: Fabric8 otherwise works the plural out with regular expressions each
// time an object is built or read.
@Plural("agentpolicies")
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
public class AgentPolicy extends CustomObject<AgentPolicySpec, AgentPolicyStatus> {
  @JsonIgnore private final UnreadableParts unreadable = new UnreadableParts();

  /**
   * Why the spec in the API server could not be read (wrong JSON types, unknown fields), or empty.
   * Such a policy is invalid and allows nothing. (An unreadable status is simply rewritten.)
   */
  public Optional<String> unreadableSpec() {
    return unreadable.specProblem();
  }

  @JsonSetter("spec")
  void readSpec(JsonNode json) {
    setSpec(unreadable.readSpec(json, AgentPolicySpec.class));
  }

  @JsonSetter("status")
  void readStatus(JsonNode json) {
    setStatus(unreadable.readStatus(json, AgentPolicyStatus.class));
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
