package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.execution.Workloads;
import dev.countersign.policy.Action;
import dev.countersign.policy.ObjectName;
import dev.countersign.policy.PastAction;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.RequestFacts;
import dev.countersign.policy.TargetFacts;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gathers what a decision needs from the cluster: the namespace's labels, the live target and its
 * revisions, and the history of earlier requests that started executing (read from the informer's
 * cache of ActionRequests, i.e. from cluster state, so that budgets and cooldowns survive an
 * operator restart).
 */
public class RequestFactsReader {
  private final KubernetesClient client;
  private final Workloads workloads;

  public RequestFactsReader(KubernetesClient client, Workloads workloads) {
    this.client = client;
    this.workloads = workloads;
  }

  /**
   * The facts about {@code request}; {@code known} are the ActionRequests in the cache that started
   * executing (others are ignored). Only what the decision can use is read: the namespace's labels
   * when a policy has a namespaceSelector, the target's revisions for a rollback.
   */
  public RequestFacts read(
      ActionRequest request, Collection<ActionRequest> known, PolicyIndex policies) {
    String namespace = request.getMetadata().getNamespace();
    var spec = request.getSpec();
    String kind = spec.target() == null ? null : spec.target().kind();
    String name = spec.target() == null ? null : spec.target().name();
    Map<String, String> namespaceLabels =
        selectsNamespaces(policies) ? namespaceLabels(namespace) : Map.of();
    // A name that is not a valid object name is never looked up: with '/' or '..' it could
    // address another URL than the workload it claims to be. The validator denies it.
    Optional<Workload> workload =
        kind == null || !ObjectName.isValid(name)
            ? Optional.empty()
            : workloads.find(namespace, kind, name);
    boolean rollback = Action.of(spec.action()).filter(Action.ROLLBACK::equals).isPresent();
    TargetFacts target =
        workload
            .map(
                w ->
                    TargetFacts.of(
                        w, rollback ? workloads.history(w) : new RevisionHistory(null, List.of())))
            .orElseGet(() -> TargetFacts.missing(kind, name));
    return new RequestFacts(namespace, namespaceLabels, spec, target, history(request, known));
  }

  private Map<String, String> namespaceLabels(String namespace) {
    Namespace ns = client.namespaces().withName(namespace).get();
    return ns == null || ns.getMetadata().getLabels() == null
        ? Map.of()
        : ns.getMetadata().getLabels();
  }

  /**
   * Whether any valid policy selects namespaces by label. Not only the candidates for the request:
   * the decision also lists the other policies with why each does not apply, and without the labels
   * a policy with a namespaceSelector would be said not to match a namespace that it does match.
   */
  private static boolean selectsNamespaces(PolicyIndex policies) {
    return policies.all().stream()
        .filter(p -> p.valid())
        .anyMatch(p -> p.snapshot().spec().targets().namespaceSelector() != null);
  }

  /** Every other request that started executing, as a {@link PastAction}. */
  static List<PastAction> history(ActionRequest request, Collection<ActionRequest> known) {
    String uid = request.getMetadata().getUid();
    return known.stream()
        .filter(other -> !Objects.equals(uid, other.getMetadata().getUid()))
        .map(PastAction::of)
        .flatMap(Optional::stream)
        .toList();
  }
}
