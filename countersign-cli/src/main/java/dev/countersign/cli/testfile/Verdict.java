package dev.countersign.cli.testfile;

/**
 * A case's outcome, as the operator's phase would show it after deciding (and after counting the
 * case's approvals).
 */
public enum Verdict {
  /** Allowed without approval: the operator's phase Approved, then executed. */
  Allowed,
  /** Waits for approvals: phase AwaitingApproval. */
  NeedsApproval,
  /** Needed approvals and the case's approvals meet the quorum: phase Approved. */
  Approved,
  /** An allowed approver rejected it: phase Rejected. */
  Rejected,
  /** Denied: phase Denied. */
  Denied,
  /**
   * A dry run, or governed by a policy in Audit mode: decided, never executed (phase Evaluated).
   */
  Evaluated
}
