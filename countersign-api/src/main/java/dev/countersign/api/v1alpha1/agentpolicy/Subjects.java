package dev.countersign.api.v1alpha1.agentpolicy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The agents a policy governs. A requester matches when it matches any entry. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "(has(self.serviceAccounts) && size(self.serviceAccounts) > 0) || (has(self.users) &&"
            + " size(self.users) > 0) || (has(self.groups) && size(self.groups) > 0)",
    message = "name at least one service account, user or group")
public record Subjects(
    @Size(max = 64) @JsonPropertyDescription("Service accounts, by namespace and name.")
        List<ServiceAccountRef> serviceAccounts,
    @Size(max = 64)
        @JsonPropertyDescription("User names exactly as the API server authenticates them.")
        List<@Size(max = 253) String> users,
    @Size(max = 64)
        @JsonPropertyDescription(
            "Groups; the requester's groups are those it claims in spec.requesterGroups"
                + " (checked at admission) plus, for service accounts, system:serviceaccounts"
                + " and system:serviceaccounts:<namespace>.")
        List<@Size(max = 253) String> groups) {

  public Subjects {
    serviceAccounts = serviceAccounts == null ? List.of() : List.copyOf(serviceAccounts);
    users = users == null ? List.of() : List.copyOf(users);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** A service account by namespace and name. */
  @JsonClassDescription("A service account, by namespace and name.")
  public record ServiceAccountRef(
      @Required
          @Size(min = 1, max = 63)
          @JsonPropertyDescription("Namespace of the service account.")
          String namespace,
      @Required @Size(min = 1, max = 253) @JsonPropertyDescription("Name of the service account.")
          String name) {

    /** The user name the API server gives this service account. */
    public String username() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }
  }
}
