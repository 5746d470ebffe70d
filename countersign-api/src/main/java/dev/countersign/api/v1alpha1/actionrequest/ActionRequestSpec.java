package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The change an agent asks for. Immutable after creation: approvers sign exactly this.
 *
 * <p>{@code action} and {@code target.kind} are plain strings in Java (the schema restricts them)
 * so that a request the API server did not validate still reaches the operator and is denied with a
 * reason, rather than failing to deserialize.
 */
@JsonClassDescription(
    "What the agent asks for: the action, its target in this namespace, the action's parameters and the agent's reasoning. Immutable once created: approvers sign exactly this.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable; create a new request")
@ValidationRule(
    value = "self.action != 'scale' || has(self.scale)",
    message = "action scale needs spec.scale.replicas")
@ValidationRule(
    value = "!has(self.scale) || self.action == 'scale'",
    message = "spec.scale is only for action scale")
@ValidationRule(
    value = "!has(self.rollback) || self.action == 'rollback'",
    message = "spec.rollback is only for action rollback")
public record ActionRequestSpec(
    @Required
        @Size(min = 1, max = 253)
        @JsonPropertyDescription(
            "The identity filing the request, e.g. system:serviceaccount:ops:agent. Admission"
                + " requires it to equal the authenticated user who creates the request.")
        String requester,
    @Size(max = 32)
        @JsonPropertyDescription(
            "Groups the requester claims, used to match AgentPolicy subjects by group."
                + " Admission requires each to be among the creating user's groups.")
        List<@Size(max = 253) String> requesterGroups,
    @Required
        @Pattern("^(scale|restart|rollback)$")
        @Size(max = 8)
        @JsonPropertyDescription("What to do: scale, restart or rollback.")
        String action,
    @Required @JsonPropertyDescription("The workload to change, in this request's namespace.")
        TargetRef target,
    @JsonPropertyDescription("Parameters for action scale.") ScaleParameters scale,
    @JsonPropertyDescription("Parameters for action rollback.") RollbackParameters rollback,
    @JsonPropertyDescription(
            "Decide and record only; never execute. The request ends in phase Evaluated.")
        Boolean dryRun,
    @Required @JsonPropertyDescription("Why the agent wants this change, and on what evidence.")
        Reasoning reasoning) {

  public ActionRequestSpec {
    requesterGroups = requesterGroups == null ? List.of() : List.copyOf(requesterGroups);
  }

  /** Whether the request only asks for a decision. */
  public boolean dryRunOnly() {
    return Boolean.TRUE.equals(dryRun);
  }

  /** The workload a request names. */
  public record TargetRef(
      @Required
          @Pattern("^(Deployment|StatefulSet)$")
          @Size(max = 11)
          @JsonPropertyDescription("Deployment or StatefulSet.")
          String kind,
      @Required
          @Size(min = 1, max = 253)
          @JsonPropertyDescription("Name of the workload in the request's namespace.")
          String name) {

    @Override
    public String toString() {
      return kind + "/" + name;
    }
  }

  /** Parameters of a scale request. */
  public record ScaleParameters(
      @Required
          @io.fabric8.generator.annotation.Min(0)
          @io.fabric8.generator.annotation.Max(100000)
          @JsonPropertyDescription("The replica count to set.")
          Integer replicas) {}

  /** Parameters of a rollback request. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RollbackParameters(
      @io.fabric8.generator.annotation.Min(1)
          @JsonPropertyDescription(
              "The revision to roll back to, as `kubectl rollout history` numbers them. Omit"
                  + " for the revision before the current one.")
          Long toRevision) {}
}
