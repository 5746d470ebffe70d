package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a request is well-formed for its target before any policy is consulted: a supported
 * action and kind, an existing target, parameters in range (replicas within the operator's ceiling,
 * a rollback revision that exists and is not the current one), and a reasoning summary. The API
 * server's schema rejects most of this already; the operator re-checks, because it never trusts
 * input it did not validate itself.
 */
public final class RequestValidator {
  /** The longest requester name, as the schema says (a Kubernetes user name). */
  static final int MAX_REQUESTER = 253;

  private final Limits limits;

  public RequestValidator(Limits limits) {
    this.limits = limits;
  }

  /** Every problem with the request, in words; empty when it is well-formed. */
  public List<String> problems(RequestFacts facts) {
    List<String> problems = new ArrayList<>();
    ActionRequestSpec spec = facts.spec();
    if (spec == null) {
      problems.add("the request has no spec");
      return problems;
    }
    if (spec.requester() == null || spec.requester().isBlank()) {
      problems.add("spec.requester is missing");
    } else if (spec.requester().length() > MAX_REQUESTER) {
      problems.add("spec.requester is longer than " + MAX_REQUESTER + " characters");
    }
    Optional<Action> action = Action.of(spec.action());
    if (action.isEmpty()) {
      problems.add(Action.unsupported(spec.action()));
    }
    boolean targetUsable = checkTarget(spec.target(), facts, problems);
    if (action.isPresent()) {
      checkParameters(action.get(), spec, facts, targetUsable, problems);
    }
    if (spec.reasoning() == null
        || spec.reasoning().summary() == null
        || spec.reasoning().summary().isBlank()) {
      problems.add("spec.reasoning.summary is missing; say what the change is for and why");
    } else {
      ReasoningBounds.check(spec.reasoning(), problems);
    }
    return problems;
  }

  /** Checks the target; returns whether it exists and can be looked at further. */
  private static boolean checkTarget(TargetRef target, RequestFacts facts, List<String> problems) {
    if (target == null || target.name() == null || target.name().isBlank()) {
      problems.add("spec.target must name a kind and a name");
      return false;
    }
    if (!ObjectName.isValid(target.name())) {
      problems.add(
          "spec.target.name "
              + ObjectName.quoted(target.name())
              + " is not a valid workload name (lowercase letters, digits, '-' and '.'; the"
              + " target is always in the request's namespace)");
      return false;
    }
    if (WorkloadKind.of(target.kind()).isEmpty()) {
      problems.add(WorkloadKind.unsupported(target.kind()));
      return false;
    }
    if (facts.target() == null || !facts.target().exists()) {
      problems.add(
          target.kind()
              + " "
              + target.name()
              + " does not exist in namespace "
              + facts.namespace());
      return false;
    }
    return true;
  }

  private void checkParameters(
      Action action,
      ActionRequestSpec spec,
      RequestFacts facts,
      boolean targetUsable,
      List<String> problems) {
    if (action != Action.SCALE && spec.scale() != null) {
      problems.add("spec.scale is only for action scale");
    }
    if (action != Action.ROLLBACK && spec.rollback() != null) {
      problems.add("spec.rollback is only for action rollback");
    }
    switch (action) {
      case SCALE -> checkReplicas(spec, problems);
      case ROLLBACK -> {
        if (targetUsable) {
          checkRevision(spec, facts.target(), problems);
        }
      }
      case RESTART -> {}
    }
  }

  private void checkReplicas(ActionRequestSpec spec, List<String> problems) {
    Integer replicas = spec.scale() == null ? null : spec.scale().replicas();
    if (replicas == null) {
      problems.add("action scale needs spec.scale.replicas");
    } else if (replicas < 0) {
      problems.add("replicas " + replicas + " is negative");
    } else if (replicas > limits.maxReplicas()) {
      problems.add(
          "replicas " + replicas + " exceeds the operator's ceiling of " + limits.maxReplicas());
    }
  }

  private static void checkRevision(
      ActionRequestSpec spec, TargetFacts target, List<String> problems) {
    Long wanted = spec.rollback() == null ? null : spec.rollback().toRevision();
    String workload = spec.target().kind() + " " + spec.target().name();
    if (wanted == null) {
      if (target.previousRevision().isEmpty()) {
        problems.add(workload + " has no earlier revision to roll back to");
      }
    } else if (!target.revisions().contains(wanted)) {
      problems.add(
          "revision "
              + wanted
              + " does not exist for "
              + workload
              + "; known revisions: "
              + target.revisions());
    } else if (wanted.equals(target.currentRevision())) {
      problems.add(
          "revision " + wanted + " is the current revision of " + workload + "; nothing to undo");
    }
  }
}
