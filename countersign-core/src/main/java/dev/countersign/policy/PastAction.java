package dev.countersign.policy;

import java.time.Instant;
import java.util.Set;

/**
 * An earlier ActionRequest that started executing, as read from the cluster: the facts budgets and
 * cooldowns are computed from, so that an operator restart resets nothing.
 *
 * @param request namespace/name of the request, for messages
 * @param requester the agent that filed it
 * @param namespace the target's namespace
 * @param kind the target's kind
 * @param name the target's name
 * @param allowedBy the policies that allowed it, from its decision
 * @param startedAt when execution started
 * @param finishedAt when execution ended; null while it runs
 */
public record PastAction(
    String request,
    String requester,
    String namespace,
    String kind,
    String name,
    Set<String> allowedBy,
    Instant startedAt,
    Instant finishedAt) {

  public PastAction {
    allowedBy = allowedBy == null ? Set.of() : Set.copyOf(allowedBy);
  }

  /** Whether it acted on the same workload as the request in {@code facts}. */
  boolean sameTarget(RequestFacts facts) {
    return namespace.equals(facts.namespace())
        && kind.equals(facts.spec().target().kind())
        && name.equals(facts.spec().target().name());
  }

  /** When the target was last touched by it: when it finished, or started if it still runs. */
  Instant lastTouched() {
    return finishedAt == null ? startedAt : finishedAt;
  }
}
