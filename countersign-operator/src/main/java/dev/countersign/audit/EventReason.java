package dev.countersign.audit;

/**
 * The fixed set of Event reasons Countersign emits. Dashboards and alerts may match on these, so
 * they change only with a new API version.
 */
public enum EventReason {
  /** The request was denied by policy or by validation; the message says why. */
  Denied,
  /** The request is allowed but waits for people to approve it. */
  AwaitingApproval,
  /** The request is allowed and needs no approval. */
  AutoApproved,
  /** The approval quorum is met. */
  Approved,
  /** An Approval did not count; the message says why. */
  ApprovalIgnored,
  /** An allowed approver rejected the request. */
  Rejected,
  /** Nobody approved the request before its TTL ran out. */
  Expired,
  /** Another request is executing on the same target; this one waits its turn. */
  WaitingForTarget,
  /** The request is approved but a change freeze is in effect; it runs when the freeze ends. */
  WaitingForFreeze,
  /** Countersign recorded its intent and is changing the workload. */
  Executing,
  /** The change was applied and the rollout finished. */
  Succeeded,
  /** The change could not be applied, or the rollout did not finish in time. */
  Failed,
  /** A dry run: the decision was recorded and nothing was executed. */
  Evaluated,
  /** An AgentPolicy is valid and in force. */
  PolicyReady,
  /** An AgentPolicy is invalid and allows nothing. */
  PolicyInvalid,
  /** An Approval names a request that does not exist (or another one under that name). */
  ApprovalOrphaned,
  /** A notification could not be delivered within its attempts and was given up. */
  NotificationFailed,
  /** A NotificationChannel can deliver. */
  ChannelReady,
  /** A NotificationChannel cannot deliver; the message says why. */
  ChannelNotReady,
  /** An AgentPolicy names NotificationChannels that do not exist. */
  ChannelsMissing
}
