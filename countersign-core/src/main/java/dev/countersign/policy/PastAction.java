package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision.PolicyMatch;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

  /**
   * The request as budgets and cooldowns count it, if it started executing (its status says when);
   * one the operator, the MCP door and any other reader of the cluster all count the same way.
   */
  public static Optional<PastAction> of(ActionRequest request) {
    var status = request.getStatus();
    var spec = request.getSpec();
    if (spec == null
        || spec.target() == null
        || status == null
        || status.execution() == null
        || status.execution().startedAt() == null) {
      return Optional.empty();
    }
    var execution = status.execution();
    Set<String> allowedBy =
        status.decision() == null
            ? Set.of()
            : status.decision().policies().stream()
                .filter(p -> PolicyRule.ALLOW.equals(p.effect()))
                .map(PolicyMatch::name)
                .collect(Collectors.toSet());
    try {
      return Optional.of(
          new PastAction(
              request.getMetadata().getNamespace() + "/" + request.getMetadata().getName(),
              spec.requester() == null ? "" : spec.requester(),
              request.getMetadata().getNamespace(),
              spec.target().kind(),
              spec.target().name(),
              allowedBy,
              Instant.parse(execution.startedAt()),
              execution.finishedAt() == null ? null : Instant.parse(execution.finishedAt())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
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
