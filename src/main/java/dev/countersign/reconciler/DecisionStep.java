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
import dev.countersign.execution.Workload;
import dev.countersign.execution.Workloads;
import dev.countersign.policy.Limits;
import dev.countersign.policy.PolicyEvaluator;
import dev.countersign.policy.PolicySnapshot;
import dev.countersign.policy.RequestFacts;
import dev.countersign.policy.TargetFacts;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Pending → Denied | AwaitingApproval | Approved | Evaluated. Gathers what the decision needs from
 * the cluster (the live target, its revisions, the namespace's labels) and hands it to the pure
 * {@link PolicyEvaluator}. A failure to read the cluster is a denial, never a pass.
 */
@ApplicationScoped
public class DecisionStep {
  private static final Logger LOG = Logger.getLogger(DecisionStep.class);

  private final KubernetesClient client;
  private final Workloads workloads;
  private final RequestTransitions transitions;
  private final Annotator annotator;
  private final PolicyEvaluator evaluator;
  private final Clock clock;

  public DecisionStep(
      KubernetesClient client,
      Workloads workloads,
      RequestTransitions transitions,
      Annotator annotator,
      CountersignConfig config,
      Clock clock) {
    this.client = client;
    this.workloads = workloads;
    this.transitions = transitions;
    this.annotator = annotator;
    this.evaluator = new PolicyEvaluator(new Limits(config.maxReplicas(), config.requestTtl()));
    this.clock = clock;
  }

  public ActionRequest decide(ActionRequest request, Collection<AgentPolicy> policies) {
    Instant now = clock.instant();
    Decision decision;
    try {
      decision = evaluator.evaluate(facts(request), snapshots(policies), now);
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
    if (request.getSpec().dryRunOnly()) {
      return transitions.transition(
          annotated,
          status.withPhase(Phase.Evaluated, "dry run: " + wouldHave(decision)),
          EventReason.Evaluated);
    }
    return switch (decision.verdict()) {
      case Denied ->
          transitions.transition(
              annotated,
              status.withPhase(Phase.Denied, String.join("; ", decision.reasons())),
              EventReason.Denied);
      case NeedsApproval ->
          transitions.transition(
              annotated,
              status
                  .withApprovals("0/" + decision.requiredApprovals().minApprovals(), List.of())
                  .withPhase(Phase.AwaitingApproval, ApprovalStep.waitingFor(decision, 0)),
              EventReason.AwaitingApproval);
      case Allowed ->
          transitions.transition(
              annotated,
              status.withPhase(Phase.Approved, "allowed by policy; no approval required"),
              EventReason.AutoApproved);
    };
  }

  private static String wouldHave(Decision decision) {
    return switch (decision.verdict()) {
      case Denied -> "would be denied: " + String.join("; ", decision.reasons());
      case NeedsApproval ->
          "would wait for " + decision.requiredApprovals().minApprovals() + " approval(s)";
      case Allowed -> "would run without approval";
    };
  }

  private RequestFacts facts(ActionRequest request) {
    String namespace = request.getMetadata().getNamespace();
    var spec = request.getSpec();
    Namespace ns = client.namespaces().withName(namespace).get();
    Map<String, String> namespaceLabels =
        ns == null || ns.getMetadata().getLabels() == null
            ? Map.of()
            : ns.getMetadata().getLabels();
    String kind = spec.target() == null ? null : spec.target().kind();
    String name = spec.target() == null ? null : spec.target().name();
    Optional<Workload> workload =
        kind == null || name == null ? Optional.empty() : workloads.find(namespace, kind, name);
    TargetFacts target =
        workload
            .map(
                w -> {
                  var history = workloads.history(w);
                  return new TargetFacts(
                      true,
                      w.kind(),
                      w.name(),
                      w.labels(),
                      w.replicas(),
                      history.current(),
                      history.numbers());
                })
            .orElseGet(() -> new TargetFacts(false, kind, name, Map.of(), 0, null, List.of()));
    return new RequestFacts(namespace, namespaceLabels, spec, target);
  }

  private static List<PolicySnapshot> snapshots(Collection<AgentPolicy> policies) {
    return policies.stream()
        .filter(p -> p.getSpec() != null)
        .map(
            p ->
                new PolicySnapshot(
                    p.getMetadata().getName(),
                    p.getMetadata().getGeneration() == null ? 0 : p.getMetadata().getGeneration(),
                    p.getSpec()))
        .toList();
  }
}
