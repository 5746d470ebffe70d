package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import java.util.Map;

/**
 * What the operator knows about a request at decision time, gathered from the cluster by the
 * caller.
 *
 * @param namespace the request's namespace, which is also the target's
 * @param namespaceLabels the labels of that namespace (for policies' namespaceSelector)
 * @param spec the request as the agent filed it
 * @param target the live target workload
 */
public record RequestFacts(
    String namespace,
    Map<String, String> namespaceLabels,
    ActionRequestSpec spec,
    TargetFacts target) {

  public RequestFacts {
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
  }
}
