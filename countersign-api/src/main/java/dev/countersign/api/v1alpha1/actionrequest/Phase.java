package dev.countersign.api.v1alpha1.actionrequest;

/**
 * Where a request is in its lifecycle. Pending → Denied | AwaitingApproval | Approved | Evaluated;
 * AwaitingApproval → Approved | Rejected | Expired; Approved → Executing → Succeeded | Failed.
 */
public enum Phase {
  Pending,
  AwaitingApproval,
  Approved,
  Executing,
  Denied,
  Rejected,
  Expired,
  Succeeded,
  Failed,
  Evaluated;

  /** Whether the request's story is over; a terminal phase never changes again. */
  public boolean isTerminal() {
    return switch (this) {
      case Denied, Rejected, Expired, Succeeded, Failed, Evaluated -> true;
      case Pending, AwaitingApproval, Approved, Executing -> false;
    };
  }
}
