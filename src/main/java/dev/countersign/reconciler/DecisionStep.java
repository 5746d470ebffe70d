package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.audit.Annotator;
import dev.countersign.audit.EventReason;
import dev.countersign.config.CountersignConfig;
import dev.countersign.policy.Limits;
import dev.countersign.policy.PolicyEvaluator;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.RequestFacts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pending → Denied | AwaitingApproval | Approved | Evaluated. Gathers what the decision needs from
 * the cluster ({@link RequestFactsReader}) and hands it to the pure {@link PolicyEvaluator}. A
 * failure to read the cluster is a denial, never a pass. The decision's explanation is the status
 * message, the {@code countersign.dev/decision} annotation and the Event's message alike. A dry
 * run, or a request governed by a policy in Audit mode, ends Evaluated with what would have
 * happened.
 */
@ApplicationScoped
public class DecisionStep {
  private static final Logger LOG = Logger.getLogger(DecisionStep.class);

  private final KubernetesClient client;
  private final RequestFactsReader facts;
  private final RequestTransitions transitions;
  private final Annotator annotator;
  private final PolicyEvaluator evaluator;
  private final Clock clock;

  public DecisionStep(
      KubernetesClient client,
      RequestFactsReader facts,
      RequestTransitions transitions,
      Annotator annotator,
      CountersignConfig config,
      Clock clock) {
    this.client = client;
    this.facts = facts;
    this.transitions = transitions;
    this.annotator = annotator;
    this.evaluator = new PolicyEvaluator(new Limits(config.maxReplicas(), config.requestTtl()));
    this.clock = clock;
  }

  /**
   * Decides the request; {@code known} are the ActionRequests in the cache that started executing
   * (the history budgets and cooldowns count), or more.
   */
  public ActionRequest decide(
      ActionRequest request, PolicyIndex policies, Collection<ActionRequest> known) {
    Instant now = clock.instant();
    Decision decision;
    try {
      RequestFacts read = facts.read(request, known, policies);
      decision = evaluator.evaluate(read, policies, now);
      if (noPolicyGoverns(decision)) {
        // The policy informer may not have seen a policy created just before the request (the
        // two watches are independent): a denial for want of a policy is final, so it is
        // confirmed against the API server's own list before it is written.
        decision =
            evaluator.evaluate(
                read,
                PolicyIndexCache.of(client.resources(AgentPolicy.class).list().getItems()),
                now);
      }
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "denying %s/%s: could not read the cluster: %s",
          request.getMetadata().getNamespace(), request.getMetadata().getName(), e.getMessage());
      decision =
          new Decision(
              Verdict.Denied,
              List.of(
                  "could not read the target from the API server (HTTP "
                      + e.getCode()
                      + "); the request is denied (fail closed)"),
              List.of(),
              null,
              null,
              now.toString());
    }
    ActionRequest annotated = annotator.annotateDecision(request, decision);
    ActionRequestStatus status = ActionRequestStatus.empty().withDecision(decision);
    String explanation = decision.explanation();
    if (request.getSpec().dryRunOnly()) {
      return transitions.transition(
          annotated,
          status.withPhase(Phase.Evaluated, "dry run: " + explanation),
          EventReason.Evaluated);
    }
    if (decision.audit()) {
      return transitions.transition(
          annotated, status.withPhase(Phase.Evaluated, explanation), EventReason.Evaluated);
    }
    return switch (decision.verdict()) {
      case Denied ->
          transitions.transition(
              annotated, status.withPhase(Phase.Denied, explanation), EventReason.Denied);
      case NeedsApproval ->
          transitions.transition(
              annotated,
              status
                  .withApprovals("0/" + decision.requiredApprovals().minApprovals(), List.of())
                  .withPhase(
                      Phase.AwaitingApproval,
                      ApprovalStep.waitingFor(decision, 0) + " | " + explanation),
              EventReason.AwaitingApproval);
      case Allowed ->
          transitions.transition(
              annotated, status.withPhase(Phase.Approved, explanation), EventReason.AutoApproved);
    };
  }

  private static boolean noPolicyGoverns(Decision decision) {
    return decision.verdict() == Verdict.Denied
        && decision.policies().stream().allMatch(p -> p.effect() == null);
  }
}
