package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.audit.Annotator;
import dev.countersign.audit.EventReason;
import dev.countersign.config.CountersignConfig;
import dev.countersign.policy.ActiveFreeze;
import dev.countersign.policy.PolicyEvaluator;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.ReasonCode;
import dev.countersign.policy.RequestFacts;
import dev.countersign.quorum.AllowedApprovers;
import dev.countersign.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last check before an approved request touches its target: the decision is made again against
 * the live target, the cluster's history (budgets, cooldowns) and the policies as they are now.
 *
 * <ul>
 *   <li>Would it now be denied (or need approvals it does not have, or a governing policy switched
 *       to Audit mode)? It ends Denied, with "policy changed since the decision (...)" when a
 *       policy it was decided under changed generation, appeared or disappeared, and the new
 *       reason. The re-check then is the request's decision: {@code status.decision} holds its
 *       reasons and their codes ({@code NotEnoughApprovals}, {@code AuditMode}, or the re-check's
 *       own), and the decision annotation says it.
 *   <li>Is a governing policy inside a change freeze? It waits in phase Approved with the condition
 *       {@value #FROZEN}=True and runs when the freeze ends, or ends Expired if its expiry (the
 *       decision's {@code expiresAt}) comes first.
 * </ul>
 */
public class ExecutionGate {
  /** Condition type: an approved request waits for a change freeze to end. */
  public static final String FROZEN = "Frozen";

  private final RequestFactsReader facts;
  private final PolicyEvaluator evaluator;
  private final RequestTransitions transitions;
  private final Annotator annotator;
  private final CountersignConfig config;
  private final Clock clock;

  ExecutionGate(
      RequestFactsReader facts,
      PolicyEvaluator evaluator,
      RequestTransitions transitions,
      Annotator annotator,
      CountersignConfig config,
      Clock clock) {
    this.facts = facts;
    this.evaluator = evaluator;
    this.transitions = transitions;
    this.annotator = annotator;
    this.config = config;
    this.clock = clock;
  }

  /** What the gate says: go ahead with this request, or stop here with this outcome. */
  public sealed interface GateResult permits Proceed, Stop {}

  /** Go ahead (the request may carry a cleared Frozen condition to write with the next phase). */
  public record Proceed(ActionRequest request) implements GateResult {}

  /** The request was denied, expired, or waits. */
  public record Stop(StepOutcome outcome) implements GateResult {}

  /** Checks the approved request against the policies and cluster as they are now. */
  public GateResult check(
      ActionRequest request, Collection<ActionRequest> known, PolicyIndex policies) {
    Instant now = clock.instant();
    RequestFacts current = facts.read(request, known, policies);
    ActionRequestStatus status = request.getStatus();
    Decision original = status.decision();
    Decision again = evaluator.recheck(current, policies, now);
    Long decidedOn = status.observedGeneration();
    if (decidedOn != null && !decidedOn.equals(request.getMetadata().getGeneration())) {
      // The CRD and admission keep the spec immutable on a cluster; without them (a CRD installed
      // without its schema), an edit that lands between the approval and the execution must not
      // run: the decision and the approvals were for the spec of the generation recorded.
      return deny(
          request,
          again,
          "",
          Refusal.because(
              ReasonCode.InvalidRequest,
              "the spec changed after it was decided and approved (generation "
                  + decidedOn
                  + " → "
                  + request.getMetadata().getGeneration()
                  + "); nothing runs on a spec nobody approved"),
          now);
    }
    Optional<Refusal> refusal = refusal(original, again, status.approvals());
    if (refusal.isPresent()) {
      return deny(request, again, prefix(original, again, policies), refusal.get(), now);
    }
    Optional<ActiveFreeze> freeze = evaluator.activeFreeze(current, policies, now);
    Long generation = request.getMetadata().getGeneration();
    if (freeze.isPresent()) {
      return waitOrExpire(request, freeze.get(), expiry(original), now);
    }
    var frozen = Conditions.find(status.conditions(), FROZEN);
    if (frozen == null || !Conditions.TRUE.equals(frozen.getStatus())) {
      return new Proceed(request);
    }
    ActionRequest copy = new ActionRequest();
    copy.setMetadata(request.getMetadata());
    copy.setSpec(request.getSpec());
    copy.setStatus(
        status.withConditions(
            Conditions.set(
                status.conditions(),
                FROZEN,
                Conditions.FALSE,
                "FreezeEnded",
                "the change freeze ended at " + now,
                generation,
                now)));
    return new Proceed(copy);
  }

  /**
   * Why the re-check refuses the request: its reasons in words, and their codes.
   *
   * @param reasons the reasons, in words
   * @param codes their reason codes, each once
   */
  private record Refusal(List<String> reasons, List<String> codes) {
    static Refusal because(ReasonCode code, String why) {
      return new Refusal(List.of(why), List.of(code.name()));
    }
  }

  /**
   * Ends the request Denied: the re-check, overturned into a denial for the refusal's reasons (the
   * first prefixed with what changed), becomes its decision and is annotated as such.
   */
  private GateResult deny(
      ActionRequest request, Decision again, String prefix, Refusal refusal, Instant now) {
    List<String> reasons = new ArrayList<>(refusal.reasons());
    reasons.set(0, prefix + reasons.get(0));
    Decision overturned = again.overturned(reasons, refusal.codes(), now);
    String message = String.join("; ", reasons);
    ActionRequest denied =
        transitions.transition(
            request,
            request.getStatus().withDecision(overturned).withPhase(Phase.Denied, message),
            EventReason.Denied);
    return stop(annotator.annotateDecision(denied, overturned), null);
  }

  /** The status with the condition {@code Frozen=True} saying why. */
  private static ActionRequestStatus frozen(
      ActionRequestStatus status, String message, Long generation, Instant now) {
    return status.withConditions(
        Conditions.set(
            status.conditions(),
            FROZEN,
            Conditions.TRUE,
            "ChangeFreeze",
            message,
            generation,
            now));
  }

  private GateResult waitOrExpire(
      ActionRequest request, ActiveFreeze freeze, Instant expiresAt, Instant now) {
    ActionRequestStatus status = request.getStatus();
    Long generation = request.getMetadata().getGeneration();
    if (!now.isBefore(expiresAt)) {
      String message = "expired at " + expiresAt + " while waiting: " + freeze.describe();
      return stop(
          transitions.transition(
              request,
              frozen(status, message, generation, now).withPhase(Phase.Expired, message),
              EventReason.Expired),
          null);
    }
    String message =
        "approved, waiting: "
            + freeze.describe()
            + "; it runs then unless it expires first at "
            + expiresAt;
    ActionRequest current = request;
    if (!message.equals(status.message())) {
      transitions.note(request, EventReason.WaitingForFreeze, message);
      current =
          transitions.update(
              request, frozen(status, message, generation, now).withPhase(Phase.Approved, message));
    }
    Instant wakeUp = freeze.endsAt().isBefore(expiresAt) ? freeze.endsAt() : expiresAt;
    return stop(current, Duration.between(now, wakeUp));
  }

  private static Stop stop(ActionRequest request, Duration waitFor) {
    return new Stop(
        waitFor == null ? StepOutcome.moved(request) : StepOutcome.waits(request, waitFor));
  }

  /** When the request expires: the decision's expiresAt, or decidedAt plus the default TTL. */
  private Instant expiry(Decision decision) {
    if (decision.expiresAt() != null) {
      return Instant.parse(decision.expiresAt());
    }
    Instant decided =
        decision.decidedAt() == null ? clock.instant() : Instant.parse(decision.decidedAt());
    return decided.plus(config.requestTtl());
  }

  /** Why the request may not run now, when the re-check says so. */
  private static Optional<Refusal> refusal(
      Decision original, Decision again, List<ApprovalRecord> approvals) {
    if (again.verdict() == Verdict.Denied) {
      return Optional.of(new Refusal(again.reasons(), again.reasonCodes()));
    }
    if (again.audit()) {
      return Optional.of(
          Refusal.because(
              ReasonCode.AuditMode,
              "a governing policy is now in Audit mode, so nothing executes"));
    }
    if (again.verdict() == Verdict.NeedsApproval) {
      int needed = again.requiredApprovals().minApprovals();
      if (original.verdict() == Verdict.Allowed) {
        return Optional.of(
            Refusal.because(
                ReasonCode.NotEnoughApprovals,
                "it now needs "
                    + needed
                    + " approval(s) and was auto-approved; file a new request"));
      }
      // Each approval counts again only if its approver is still allowed by the policies as they
      // are now: one taken off the approver list since does not carry the request through.
      Set<String> qualifying = new LinkedHashSet<>();
      List<String> disqualified = new ArrayList<>();
      approvals.stream()
          .filter(ApprovalRecord::counted)
          .filter(r -> ApprovalSpec.APPROVE.equals(r.decision()))
          .forEach(
              r ->
                  AllowedApprovers.whyNot(
                          again.requiredApprovals(), r.approver(), r.claimedGroups())
                      .ifPresentOrElse(disqualified::add, () -> qualifying.add(r.approver())));
      if (qualifying.size() < needed) {
        return Optional.of(
            Refusal.because(
                ReasonCode.NotEnoughApprovals,
                "it now needs "
                    + needed
                    + " approval(s) and has "
                    + qualifying.size()
                    + (disqualified.isEmpty()
                        ? ""
                        : " (" + String.join("; ", disqualified) + ")")));
      }
    }
    return Optional.empty();
  }

  /** "policy changed since the decision (web-scaling generation 1 → 2): " or a plain prefix. */
  private static String prefix(Decision original, Decision again, PolicyIndex policies) {
    Map<String, Long> pinned =
        original.policies().stream()
            .filter(p -> p.effect() != null)
            .collect(Collectors.toMap(PolicyMatch::name, PolicyMatch::generation, (a, b) -> a));
    List<String> changes = new ArrayList<>();
    pinned.forEach(
        (name, generation) -> {
          var now = policies.named(name);
          if (now.isEmpty()) {
            changes.add(name + " was deleted");
          } else if (now.get().snapshot().generation() != generation) {
            changes.add(
                name + " generation " + generation + " → " + now.get().snapshot().generation());
          }
        });
    again.policies().stream()
        .filter(p -> p.effect() != null && !pinned.containsKey(p.name()))
        .forEach(p -> changes.add(p.name() + " now applies"));
    return changes.isEmpty()
        ? "re-checked before execution: "
        : "policy changed since the decision ("
            + String.join(", ", changes.stream().sorted().toList())
            + "): ";
  }
}
