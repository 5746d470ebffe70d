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
 * input it did not validate itself. Each problem carries its {@link ReasonCode}: {@code
 * UnknownAction}, {@code UnsupportedKind}, {@code TargetMissing}, {@code RevisionMissing}, {@code
 * AboveMax} (the operator's ceiling) or else {@code InvalidRequest}.
 */
public final class RequestValidator {
  /** The longest requester name, as the schema says (a Kubernetes user name). */
  static final int MAX_REQUESTER = 253;

  private final Limits limits;

  public RequestValidator(Limits limits) {
    this.limits = limits;
  }

  /** Every problem with the request; empty when it is well-formed. */
  public List<Reason> problems(RequestFacts facts) {
    List<Reason> problems = new ArrayList<>();
    ActionRequestSpec spec = facts.spec();
    if (spec == null) {
      problems.add(invalid("the request has no spec"));
      return problems;
    }
    if (spec.requester() == null || spec.requester().isBlank()) {
      problems.add(invalid("spec.requester is missing"));
    } else if (spec.requester().length() > MAX_REQUESTER) {
      problems.add(invalid("spec.requester is longer than " + MAX_REQUESTER + " characters"));
    }
    Optional<Action> action = Action.of(spec.action());
    if (action.isEmpty()) {
      problems.add(ReasonCode.UnknownAction.because(Action.unsupported(spec.action())));
    }
    boolean targetUsable = checkTarget(spec.target(), facts, problems);
    if (action.isPresent()) {
      checkParameters(action.get(), spec, facts, targetUsable, problems);
    }
    if (spec.reasoning() == null
        || spec.reasoning().summary() == null
        || spec.reasoning().summary().isBlank()) {
      problems.add(
          invalid("spec.reasoning.summary is missing; say what the change is for and why"));
    } else {
      ReasoningBounds.check(spec.reasoning(), problems);
    }
    return problems;
  }

  /** Checks the target; returns whether it exists and can be looked at further. */
  private static boolean checkTarget(TargetRef target, RequestFacts facts, List<Reason> problems) {
    if (target == null || target.name() == null || target.name().isBlank()) {
      problems.add(invalid("spec.target must name a kind and a name"));
      return false;
    }
    if (!ObjectName.isValid(target.name())) {
      problems.add(
          invalid(
              "spec.target.name "
                  + ObjectName.quoted(target.name())
                  + " is not a valid workload name (lowercase letters, digits, '-' and '.'; the"
                  + " target is always in the request's namespace)"));
      return false;
    }
    if (WorkloadKind.of(target.kind()).isEmpty()) {
      problems.add(ReasonCode.UnsupportedKind.because(WorkloadKind.unsupported(target.kind())));
      return false;
    }
    if (facts.target() == null || !facts.target().exists()) {
      problems.add(
          ReasonCode.TargetMissing.because(
              target.kind()
                  + " "
                  + target.name()
                  + " does not exist in namespace "
                  + facts.namespace()));
      return false;
    }
    return true;
  }

  private void checkParameters(
      Action action,
      ActionRequestSpec spec,
      RequestFacts facts,
      boolean targetUsable,
      List<Reason> problems) {
    if (action != Action.SCALE && spec.scale() != null) {
      problems.add(invalid("spec.scale is only for action scale"));
    }
    if (action != Action.ROLLBACK && spec.rollback() != null) {
      problems.add(invalid("spec.rollback is only for action rollback"));
    }
    // Only actions with parameters are checked here: an action without any needs nothing.
    if (action == Action.SCALE) {
      checkReplicas(spec, problems);
    } else if (action == Action.ROLLBACK && targetUsable) {
      checkRevision(spec, facts.target(), problems);
    }
  }

  private void checkReplicas(ActionRequestSpec spec, List<Reason> problems) {
    Integer replicas = spec.scale() == null ? null : spec.scale().replicas();
    if (replicas == null) {
      problems.add(invalid("action scale needs spec.scale.replicas"));
    } else if (replicas < 0) {
      problems.add(invalid("replicas " + replicas + " is negative"));
    } else if (replicas > limits.maxReplicas()) {
      problems.add(
          ReasonCode.AboveMax.because(
              "replicas "
                  + replicas
                  + " exceeds the operator's ceiling of "
                  + limits.maxReplicas()));
    }
  }

  private static void checkRevision(
      ActionRequestSpec spec, TargetFacts target, List<Reason> problems) {
    Long wanted = spec.rollback() == null ? null : spec.rollback().toRevision();
    String workload = spec.target().kind() + " " + spec.target().name();
    if (wanted == null) {
      if (target.previousRevision().isEmpty()) {
        problems.add(
            ReasonCode.RevisionMissing.because(
                workload + " has no earlier revision to roll back to"));
      }
    } else if (!target.revisions().contains(wanted)) {
      problems.add(
          ReasonCode.RevisionMissing.because(
              "revision "
                  + wanted
                  + " does not exist for "
                  + workload
                  + "; known revisions: "
                  + target.revisions()));
    } else if (wanted.equals(target.currentRevision())) {
      problems.add(
          invalid(
              "revision "
                  + wanted
                  + " is the current revision of "
                  + workload
                  + "; nothing to undo"));
    }
  }

  private static Reason invalid(String problem) {
    return ReasonCode.InvalidRequest.because(problem);
  }
}
