package dev.countersign.mcp.cluster;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.policy.Action;
import dev.countersign.policy.ObjectName;
import dev.countersign.policy.PastAction;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.PolicySnapshot;
import dev.countersign.policy.RequestFacts;
import dev.countersign.policy.TargetFacts;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the door reads from the cluster, with its own ServiceAccount (read-only): the policies, the
 * facts a decision needs, and requests. The facts are the ones the operator's {@code
 * RequestFactsReader} gathers (namespace labels, the live target and its revisions, the requests
 * that started executing, found by their label), read live instead of from an informer: the door
 * keeps no cache, so any replica answers alike. The door cannot share the operator's reader without
 * carrying the operator's runtime and executors in its image; the decision itself is the core's
 * {@code PolicyEvaluator}, the very code the operator decides with.
 */
public final class ClusterView {
  private final KubernetesClient client;

  public ClusterView(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Every AgentPolicy as the API server lists it now, validated and indexed by the core. */
  private PolicyIndex policies() {
    return PolicyIndex.of(
        client.resources(AgentPolicy.class).list().getItems().stream()
            .filter(p -> p.getSpec() != null)
            .map(
                p ->
                    new PolicySnapshot(
                        p.getMetadata().getName(),
                        p.getMetadata().getGeneration() == null
                            ? 0
                            : p.getMetadata().getGeneration(),
                        p.getSpec()))
            .toList());
  }

  /** What the decision core decides a request with: its facts and the policies. */
  public record DecisionInputs(RequestFacts facts, PolicyIndex policies) {}

  /**
   * The facts of a request that would be filed in {@code namespace}, and the policies. The four
   * reads (the target, the namespace's labels, the requests that started, the policies) do not
   * depend on one another and are made at once: one after the other, check_action took four round
   * trips to the API server.
   */
  public DecisionInputs decisionInputs(String namespace, ActionRequestSpec spec) {
    try (ConcurrentReads reads = new ConcurrentReads()) {
      var target = reads.start(() -> target(namespace, spec));
      var labels = reads.start(() -> namespaceLabels(namespace));
      var started = reads.start(this::startedRequests);
      var policies = reads.start(this::policies);
      return new DecisionInputs(
          new RequestFacts(namespace, labels.get(), spec, target.get(), historyOf(started.get())),
          policies.get());
    }
  }

  /** The policies, and what budgets and cooldowns count. */
  public record PoliciesAndHistory(PolicyIndex policies, List<PastAction> history) {}

  /** The policies and the requests that started executing, read at once. */
  public PoliciesAndHistory policiesAndHistory() {
    try (ConcurrentReads reads = new ConcurrentReads()) {
      var started = reads.start(this::startedRequests);
      var policies = reads.start(this::policies);
      return new PoliciesAndHistory(policies.get(), historyOf(started.get()));
    }
  }

  /** The live target (with its revisions for a rollback), or the facts of a missing one. */
  private TargetFacts target(String namespace, ActionRequestSpec spec) {
    String kind = spec.target().kind();
    String name = spec.target().name();
    Optional<Workload> workload =
        ObjectName.isValid(name) ? find(namespace, kind, name) : Optional.empty();
    boolean rollback = Action.of(spec.action()).filter(Action.ROLLBACK::equals).isPresent();
    return workload
        .map(w -> TargetFacts.of(w, rollback ? history(w) : new RevisionHistory(null, List.of())))
        .orElseGet(() -> TargetFacts.missing(kind, name));
  }

  /** Whether the workload exists (Deployment or StatefulSet). */
  public Optional<Workload> find(String namespace, String kind, String name) {
    HasMetadata found =
        switch (kind) {
          case Workload.DEPLOYMENT ->
              client.apps().deployments().inNamespace(namespace).withName(name).get();
          case Workload.STATEFUL_SET ->
              client.apps().statefulSets().inNamespace(namespace).withName(name).get();
          case null, default -> null;
        };
    return Optional.ofNullable(found).map(Workload::of);
  }

  /**
   * The ActionRequests in the cluster that started executing: those the operator labelled {@link
   * ActionRequest#STARTED_LABEL}, of which {@link #historyOf} keeps the ones whose status says so.
   * Budgets and cooldowns count nothing else, and a busy cluster holds many more requests that
   * never ran (dry runs, denials, requests awaiting approval), so they are not read.
   */
  private List<ActionRequest> startedRequests() {
    return client
        .resources(ActionRequest.class)
        .inAnyNamespace()
        .withLabel(ActionRequest.STARTED_LABEL, "true")
        .list()
        .getItems();
  }

  private Map<String, String> namespaceLabels(String namespace) {
    Namespace ns = client.namespaces().withName(namespace).get();
    return ns == null || ns.getMetadata().getLabels() == null
        ? Map.of()
        : ns.getMetadata().getLabels();
  }

  private RevisionHistory history(Workload workload) {
    String namespace = workload.namespace();
    return switch (workload.resource()) {
      case Deployment d ->
          RevisionHistory.ofDeployment(
              d, client.apps().replicaSets().inNamespace(namespace).list().getItems());
      case StatefulSet s ->
          RevisionHistory.ofStatefulSet(
              s, client.apps().controllerRevisions().inNamespace(namespace).list().getItems());
      default -> new RevisionHistory(null, List.of());
    };
  }

  /** The requests that started executing, as the core counts them for budgets and cooldowns. */
  private static List<PastAction> historyOf(List<ActionRequest> requests) {
    return requests.stream().map(PastAction::of).flatMap(Optional::stream).toList();
  }
}
