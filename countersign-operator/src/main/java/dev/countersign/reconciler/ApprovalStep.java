package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.audit.Annotator;
import dev.countersign.audit.EventReason;
import dev.countersign.quorum.ApprovalTtl;
import dev.countersign.quorum.Ballot;
import dev.countersign.quorum.Quorum;
import dev.countersign.quorum.SeparationOfDuties;
import dev.countersign.quorum.SpecHash;
import dev.countersign.quorum.Tally;
import dev.countersign.quorum.Terms;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AwaitingApproval → Approved | Rejected | Expired. Counts the Approvals that name the request
 * against the requirement pinned in its decision, under the separation of duties (the requester,
 * the operator itself and the service accounts the governing policies name never count) and the
 * policies' approval ttl; reports every Approval that did not count. A policy changed since the
 * decision is handled by the re-check before execution ({@link ExecutionGate}).
 */
public class ApprovalStep {
  private final GoverningPolicies governing;
  private final RequestTransitions transitions;
  private final Annotator annotator;
  private final String operatorUsername;
  private final Clock clock;

  /**
   * @param operatorUsername the operator's own user name, whose approvals never count
   */
  ApprovalStep(
      GoverningPolicies governing,
      RequestTransitions transitions,
      Annotator annotator,
      String operatorUsername,
      Clock clock) {
    this.governing = governing;
    this.transitions = transitions;
    this.annotator = annotator;
    this.operatorUsername = operatorUsername;
    this.clock = clock;
  }

  /** Counts the Approvals that name the request; it moves on, or waits (at most) for news. */
  public StepOutcome check(ActionRequest request, Collection<Approval> approvals) {
    Instant now = clock.instant();
    ActionRequestStatus status = request.getStatus();
    Decision decision = status.decision();
    Instant expiresAt = Instant.parse(decision.expiresAt());
    List<AgentPolicy> policies = governing.approving(decision);
    Tally tally =
        Quorum.count(
            terms(request, policies, now), approvals.stream().map(ApprovalStep::ballot).toList());
    ActionRequestStatus counted = status.withApprovals(tally.summary(), tally.records());
    reportIgnored(request, status.approvals(), tally.records());

    if (tally.rejection().isPresent()) {
      ApprovalRecord rejection = tally.rejection().get();
      return StepOutcome.moved(
          transitions.transition(
              request,
              counted.withPhase(
                  Phase.Rejected,
                  "rejected by " + rejection.approver() + ": " + rejection.reason()),
              EventReason.Rejected));
    }
    if (tally.met()) {
      ActionRequest annotated = annotator.annotateApprovers(request, tally.approvedBy());
      return StepOutcome.moved(
          transitions.transition(
              annotated,
              counted.withPhase(
                  Phase.Approved, "approved by " + String.join(", ", tally.approvedBy())),
              EventReason.Approved));
    }
    if (!now.isBefore(expiresAt)) {
      return StepOutcome.moved(
          transitions.transition(
              request,
              counted.withPhase(
                  Phase.Expired,
                  "expired at " + decision.expiresAt() + " with " + tally.summary() + " approvals"),
              EventReason.Expired));
    }
    ActionRequest current = request;
    if (!tally.records().equals(status.approvals())) {
      current =
          transitions.update(
              request,
              counted.withPhase(
                  Phase.AwaitingApproval, decision.waitingFor(tally.approvedBy().size())));
    }
    Instant next = tally.firstExpiry().filter(expiresAt::isAfter).orElse(expiresAt);
    return StepOutcome.waits(current, Duration.between(now, next));
  }

  private Terms terms(ActionRequest request, List<AgentPolicy> policies, Instant now) {
    Map<String, Subjects> subjects = new LinkedHashMap<>();
    policies.forEach(p -> subjects.put(p.getMetadata().getName(), p.getSpec().subjects()));
    return new Terms(
        request.getStatus().decision().requiredApprovals(),
        request.getSpec().requester(),
        request.getMetadata().getUid(),
        SpecHash.of(request.getSpec()),
        new SeparationOfDuties(operatorUsername, subjects),
        ApprovalTtl.strictest(
            policies.stream().map(AgentPolicy::getSpec).toList(), request.getSpec().action()),
        now);
  }

  private void reportIgnored(
      ActionRequest request, List<ApprovalRecord> before, List<ApprovalRecord> after) {
    after.stream()
        .filter(r -> !r.counted() && !before.contains(r))
        .forEach(
            r ->
                transitions.note(
                    request,
                    EventReason.ApprovalIgnored,
                    "Approval "
                        + r.name()
                        + " by "
                        + r.approver()
                        + " does not count: "
                        + r.reason()));
  }

  private static Ballot ballot(Approval approval) {
    var spec = approval.getSpec();
    var ref = spec.request();
    return new Ballot(
        approval.getMetadata().getName(),
        ref == null ? null : ref.name(),
        ref == null ? null : ref.uid(),
        spec.specHash(),
        spec.decision(),
        spec.approver(),
        spec.groups(),
        spec.reason(),
        approval.getMetadata().getCreationTimestamp() == null
            ? Instant.EPOCH
            : Instant.parse(approval.getMetadata().getCreationTimestamp()),
        approval.getMetadata().getGeneration() != null
            && approval.getMetadata().getGeneration() > 1);
  }
}
