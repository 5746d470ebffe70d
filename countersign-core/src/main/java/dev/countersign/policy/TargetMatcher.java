package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.Targets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a policy's {@link Targets} cover a request's workload. Every given field must
 * match; an empty field matches everything: {@code namespaces}, {@code namespaceSelector} (against
 * the namespace's labels), {@code kinds}, {@code names}, and {@code selector} (against the
 * workload's labels).
 */
public final class TargetMatcher {
  private TargetMatcher() {}

  /**
   * Why the targets do not cover the workload, one entry per field that does not match (e.g. {@code
   * kind StatefulSet is not in [Deployment]}); empty when they do.
   */
  public static List<String> mismatches(Targets targets, RequestFacts facts) {
    List<String> why = new ArrayList<>();
    if (targets == null) {
      return why;
    }
    String namespace = facts.namespace();
    String kind = facts.spec().target().kind();
    String name = facts.spec().target().name();
    if (!targets.namespaces().isEmpty() && !targets.namespaces().contains(namespace)) {
      why.add("namespace " + namespace + " is not in " + targets.namespaces());
    }
    List<String> namespaceUnmet =
        SelectorMatcher.unmet(targets.namespaceSelector(), facts.namespaceLabels());
    if (!namespaceUnmet.isEmpty()) {
      why.add(
          "namespace "
              + namespace
              + " does not match its namespaceSelector: "
              + String.join(", ", namespaceUnmet));
    }
    if (!targets.kinds().isEmpty() && !targets.kinds().contains(kind)) {
      why.add("kind " + kind + " is not in " + targets.kinds());
    }
    if (!targets.names().isEmpty() && !targets.names().contains(name)) {
      why.add("name " + name + " is not in " + targets.names());
    }
    List<String> selectorUnmet =
        SelectorMatcher.unmet(
            targets.selector(), facts.target() == null ? null : facts.target().labels());
    if (!selectorUnmet.isEmpty()) {
      why.add(
          kind + " " + name + " does not match its selector: " + String.join(", ", selectorUnmet));
    }
    return why;
  }
}
