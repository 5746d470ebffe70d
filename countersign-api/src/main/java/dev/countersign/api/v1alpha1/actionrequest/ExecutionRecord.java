package dev.countersign.api.v1alpha1.actionrequest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What Countersign did. The intent (changes, revision, restart stamp) is written before anything in
 * the cluster changes, so that after a crash the operator can tell whether the change is already in
 * place and never applies it twice.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExecutionRecord(
    @JsonPropertyDescription("When execution started (RFC 3339).") String startedAt,
    @JsonPropertyDescription("When execution finished (RFC 3339).") String finishedAt,
    @JsonPropertyDescription("What was changed, from what, to what.") List<Change> changes,
    @JsonPropertyDescription("For rollback: the revision chosen, fixed before anything changes.")
        Long revision,
    @JsonPropertyDescription(
            "For restart: the kubectl.kubernetes.io/restartedAt value that is being set.")
        String restartedAt,
    @JsonPropertyDescription("When the rollout must have finished (RFC 3339).")
        String rolloutDeadline,
    @JsonPropertyDescription("How the rollout went, in words.") String message) {

  public ExecutionRecord {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public ExecutionRecord finished(String at, String outcome) {
    return new ExecutionRecord(
        startedAt, at, changes, revision, restartedAt, rolloutDeadline, outcome);
  }

  public ExecutionRecord withMessage(String outcome) {
    return new ExecutionRecord(
        startedAt, finishedAt, changes, revision, restartedAt, rolloutDeadline, outcome);
  }

  /** One field changed on the workload. */
  @JsonClassDescription("One field changed on the target workload: which, from what, to what.")
  public record Change(
      @JsonPropertyDescription("The field, e.g. spec.replicas.") String field,
      @JsonPropertyDescription("Its value before.") String from,
      @JsonPropertyDescription("Its value after.") String to) {}
}
