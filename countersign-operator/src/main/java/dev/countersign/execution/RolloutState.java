package dev.countersign.execution;

/** How a workload's rollout stands, as {@code kubectl rollout status} would say. */
public sealed interface RolloutState {

  /** The rollout finished: all replicas run the current template and are available. */
  record Complete(String message) implements RolloutState {}

  /** The rollout is still going; {@code message} says what it waits for. */
  record InProgress(String message) implements RolloutState {}

  /** The rollout cannot finish, e.g. the Deployment exceeded its progress deadline. */
  record Failed(String reason) implements RolloutState {}
}
