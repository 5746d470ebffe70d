package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import java.util.List;
import java.util.Map;

/**
 * What the operator knows about a request at decision time, gathered from the cluster by the
 * caller.
 *
 * @param namespace the request's namespace, which is also the target's
 * @param namespaceLabels the labels of that namespace (for policies' namespaceSelector)
 * @param spec the request as the agent filed it
 * @param target the live target workload
 * @param history earlier requests that started executing (not this one), for budgets and cooldowns
 */
public record RequestFacts(
    String namespace,
    Map<String, String> namespaceLabels,
    ActionRequestSpec spec,
    TargetFacts target,
    List<PastAction> history) {

  public RequestFacts {
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** Facts with no earlier actions. */
  public RequestFacts(
      String namespace,
      Map<String, String> namespaceLabels,
      ActionRequestSpec spec,
      TargetFacts target) {
    this(namespace, namespaceLabels, spec, target, List.of());
  }
}
