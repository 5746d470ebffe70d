package dev.countersign.execution;

/**
 * An action that cannot be carried out as asked, e.g. the revision to roll back to no longer
 * exists. The message is user-facing: it ends up in the request's status and Events, so it names
 * the workload and the reason and never carries internal detail.
 */
public class ExecutionRefused extends RuntimeException {

  public ExecutionRefused(String message) {
    super(message, null, false, false);
  }
}
