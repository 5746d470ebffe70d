package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.Annotator;
import dev.countersign.audit.EventReason;
import dev.countersign.policy.PolicyEvaluator;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.ReasonCode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pending → Denied | AwaitingApproval | Approved | Evaluated. Gathers what the decision needs from
 * the cluster ({@link RequestFactsReader}) and hands it to the pure {@link PolicyEvaluator}. A
 * request that cannot be read, or a failure to read the cluster, is a denial, never a pass. The
 * decision's explanation is the status message, the {@code countersign.dev/decision} annotation and
 * the Event's message alike. A dry run, or a request governed by a policy in Audit mode, ends
 * Evaluated with what would have happened.
 */
public class DecisionStep {
  private static final Logger LOG = Logger.getLogger(DecisionStep.class);

  private final RequestFactsReader facts;
  private final PolicyEvaluator evaluator;
  private final RequestTransitions transitions;
  private final Annotator annotator;
  private final Clock clock;

  DecisionStep(
      RequestFactsReader facts,
      PolicyEvaluator evaluator,
      RequestTransitions transitions,
      Annotator annotator,
      Clock clock) {
    this.facts = facts;
    this.evaluator = evaluator;
    this.transitions = transitions;
    this.annotator = annotator;
    this.clock = clock;
  }

  /**
   * Decides the request; {@code known} are the ActionRequests in the cache that started executing
   * (the history budgets and cooldowns count), or more. The informer's policies decide; the API
   * server's list is asked only when the informer's copy could make the wrong decision.
   */
  public StepOutcome decide(
      ActionRequest request, Collection<ActionRequest> known, GoverningPolicies.Reading policies) {
    Instant now = clock.instant();
    Decision decision =
        unreadable(request) ? denyUnreadable(request, now) : decide(request, known, policies, now);
    // The decision is written first and annotated right after: whoever waits for it sees it one
    // API call sooner. An operator stopped between the two writes leaves the annotations to the
    // next one (annotateIfMissing). A request that could not be read is not annotated.
    ActionRequest written = write(request, decision);
    return StepOutcome.moved(
        unreadable(request) ? written : annotator.annotateDecision(written, decision));
  }

  /**
   * A request without a spec, or whose spec or status could not be read (JSON of the wrong shape,
   * which the API server's schema would have refused), cannot be decided.
   */
  private static boolean unreadable(ActionRequest request) {
    return request.getSpec() == null || request.unreadable().isPresent();
  }

  private static Decision denyUnreadable(ActionRequest request, Instant now) {
    String reason =
        request
            .unreadable()
            .map(problem -> "the request could not be read: " + problem)
            .orElse("the request has no spec");
    return ReasonCode.InvalidRequest.because(reason).denial(now);
  }

  private Decision decide(
      ActionRequest request,
      Collection<ActionRequest> known,
      GoverningPolicies.Reading policies,
      Instant now) {
    try {
      PolicyIndex cached = policies.cached();
      Decision decision = evaluator.evaluate(facts.read(request, known, cached), cached, now);
      if (mustConfirm(request, decision)) {
        // The policy informer may not have seen a policy created just before the request (the
        // two watches are independent): a denial for want of a policy is final, and a request
        // that may go ahead must not miss a Deny. Both are decided again on the API server's own
        // list when it differs from the informer's.
        PolicyIndex confirmed = policies.confirmed();
        if (confirmed != cached) {
          decision = evaluator.evaluate(facts.read(request, known, confirmed), confirmed, now);
        }
      }
      return decision;
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "denying %s/%s: could not read the cluster: %s",
          request.getMetadata().getNamespace(), request.getMetadata().getName(), e.getMessage());
      return ReasonCode.Error.because(
              "could not read the target, its namespace or the policies from the API server"
                  + " (HTTP "
                  + e.getCode()
                  + "); the request is denied (fail closed)")
          .denial(now);
    }
  }

  /**
   * A request whose status holds a decision that its annotations do not say (the operator stopped
   * between the two writes, or the requester wrote the annotation itself) is annotated now; any
   * other request is returned as it is.
   */
  public ActionRequest annotateIfMissing(ActionRequest request) {
    var status = request.getStatus();
    if (unreadable(request) || status == null || status.decision() == null) {
      return request;
    }
    if (Annotator.saysDecision(request, status.decision())) {
      return request;
    }
    LOG.infof(
        "%s/%s: annotating the decision its status already holds",
        request.getMetadata().getNamespace(), request.getMetadata().getName());
    return annotator.annotateDecision(request, status.decision());
  }

  /** Writes the decision and the phase it leads to, with the transition's Events. */
  private ActionRequest write(ActionRequest request, Decision decision) {
    ActionRequestStatus status = ActionRequestStatus.empty().withDecision(decision);
    String explanation = decision.explanation();
    if (unreadable(request)) {
      return transitions.transition(
          request, status.withPhase(Phase.Denied, decision.reasons().get(0)), EventReason.Denied);
    }
    if (request.getSpec().dryRunOnly()) {
      return transitions.transition(
          request,
          status.withPhase(Phase.Evaluated, "dry run: " + explanation),
          EventReason.Evaluated);
    }
    if (decision.audit()) {
      return transitions.transition(
          request, status.withPhase(Phase.Evaluated, explanation), EventReason.Evaluated);
    }
    return switch (decision.verdict()) {
      case Denied ->
          transitions.transition(
              request, status.withPhase(Phase.Denied, explanation), EventReason.Denied);
      case NeedsApproval ->
          transitions.transition(
              request,
              status
                  .withApprovals("0/" + decision.requiredApprovals().minApprovals(), List.of())
                  .withPhase(Phase.AwaitingApproval, decision.waitingFor(0) + " | " + explanation),
              EventReason.AwaitingApproval);
      case Allowed ->
          transitions.transition(
              request, status.withPhase(Phase.Approved, explanation), EventReason.AutoApproved);
    };
  }

  /**
   * A denial because no policy governs the request, or a verdict that lets a real request go ahead
   * (with or without approvals). Dry runs, audits and other denials change nothing in the cluster.
   */
  private static boolean mustConfirm(ActionRequest request, Decision decision) {
    if (decision.verdict() == Verdict.Denied) {
      return decision.policies().stream().allMatch(p -> p.effect() == null);
    }
    return !request.getSpec().dryRunOnly() && !decision.audit();
  }
}
