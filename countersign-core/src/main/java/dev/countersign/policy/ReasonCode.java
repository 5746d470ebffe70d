package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What kind of reason a decision gives, for machines: every {@link Reason} the decision core
 * produces carries exactly one. Metrics, Events, status ({@code status.decision.reasonCodes}),
 * tests and the policy test tool match on these names; people read the words beside them. The names
 * are part of the API: a code is added with a new kind of reason, never renamed.
 */
public enum ReasonCode {
  /** A governing policy allows the request. */
  Allowed,
  /** A rule's {@code autoApproveWhen} waives its required approval for this request. */
  AutoApproved,
  /** The request waits for approvals from the people the governing rules name. */
  NeedsApproval,

  /** The request is malformed or could not be read (a field missing, too long or misplaced). */
  InvalidRequest,
  /** {@code spec.action} is not an action Countersign performs. */
  UnknownAction,
  /** The target's kind is not one Countersign changes. */
  UnsupportedKind,
  /** The target workload does not exist in the request's namespace. */
  TargetMissing,
  /** The rollback's revision does not exist, or there is no earlier revision to go back to. */
  RevisionMissing,

  /** No AgentPolicy allows the request (default deny); also each policy listed as not applying. */
  NoPolicy,
  /** A policy that could have applied is invalid and allows nothing. */
  InvalidPolicy,
  /** A governing policy's Deny rule forbids the action. */
  Forbidden,
  /** The replicas asked for are below a governing rule's {@code minReplicas}. */
  BelowMin,
  /** The replicas asked for are above a rule's {@code maxReplicas} or the operator's ceiling. */
  AboveMax,
  /** The scale step is larger than a rule's {@code maxStepUp} or {@code maxStepDown}. */
  StepLimit,
  /** The rollback goes back more revisions than a rule's {@code maxRevisionsBack}. */
  RevisionLimit,
  /** A governing policy's budget of executed actions in its window is used up. */
  BudgetExceeded,
  /** A governing policy's cooldown since the last action on the target has not passed. */
  Cooldown,
  /** A governing policy's change freeze is in effect. */
  Frozen,
  /** The approval requirements of the governing rules can never be met together. */
  ApprovalUnsatisfiable,
  /** Re-checked before execution, the request needs more approvals than it has. */
  NotEnoughApprovals,
  /** Re-checked before execution, a governing policy is now in Audit mode: nothing executes. */
  AuditMode,
  /** An error while deciding, e.g. the cluster could not be read: denied (fail closed). */
  Error;

  /** A reason of this kind, in these words. */
  public Reason because(String message) {
    return new Reason(this, message);
  }

  /** The code with this name, if there is one. */
  public static Optional<ReasonCode> named(String name) {
    return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
  }

  /** The codes a decision records, in its order; names this version does not know are skipped. */
  public static List<ReasonCode> of(Decision decision) {
    return decision == null
        ? List.of()
        : decision.reasonCodes().stream().map(ReasonCode::named).flatMap(Optional::stream).toList();
  }

  /** The code of each reason, each once, in the order first given. */
  static List<String> distinct(List<Reason> reasons) {
    Set<String> codes = new LinkedHashSet<>();
    reasons.forEach(r -> codes.add(r.code().name()));
    return List.copyOf(codes);
  }
}
