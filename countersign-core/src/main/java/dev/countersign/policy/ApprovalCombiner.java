package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Combines the approval requirements of every matching Allow rule into the strictest one.
 *
 * <ul>
 *   <li>Approval is required when any rule requires it; rules that do not require it add nothing.
 *   <li>{@code minApprovals} is the largest quorum among the rules that require approval.
 *   <li>The approvers are those of the one rule that requires approval. When several do, they are
 *       the users named by <em>every</em> such rule and the groups named by every such rule (the
 *       intersection of their users, and separately of their groups), so that each approval
 *       satisfies each rule. When both intersections are empty, nobody can satisfy every rule and
 *       the request is denied, rather than letting one rule's approvers speak for another's.
 *   <li>When the approvers are only users, and fewer than the quorum, the quorum can never be met
 *       and the request is denied at once rather than left to expire.
 * </ul>
 */
public final class ApprovalCombiner {
  private ApprovalCombiner() {}

  /** The combined requirement. */
  public sealed interface Outcome permits NoneRequired, Required, Unsatisfiable {}

  /** No rule requires approval. */
  public record NoneRequired() implements Outcome {}

  /** People must approve, as said. */
  public record Required(RequiredApprovals approvals) implements Outcome {}

  /** The rules require approvals that nobody can give. */
  public record Unsatisfiable(String reason) implements Outcome {}

  /** Combines the requirements of the matching Allow rules (null entries require nothing). */
  public static Outcome combine(List<ApprovalRequirement> requirements) {
    List<ApprovalRequirement> required =
        requirements.stream()
            .filter(Objects::nonNull)
            .filter(ApprovalRequirement::requiresApproval)
            .toList();
    if (required.isEmpty()) {
      return new NoneRequired();
    }
    int quorum = required.stream().mapToInt(ApprovalRequirement::quorum).max().orElse(1);
    List<String> users = new ArrayList<>(usersOf(required.get(0)));
    List<String> groups = new ArrayList<>(groupsOf(required.get(0)));
    for (ApprovalRequirement other : required.subList(1, required.size())) {
      users.retainAll(usersOf(other));
      groups.retainAll(groupsOf(other));
    }
    if (users.isEmpty() && groups.isEmpty()) {
      return new Unsatisfiable("no approver is named by every rule that requires approval");
    }
    if (groups.isEmpty() && users.size() < quorum) {
      return new Unsatisfiable(
          quorum + " approvals are needed but only users " + users + " may approve");
    }
    return new Required(new RequiredApprovals(quorum, users, groups));
  }

  private static List<String> usersOf(ApprovalRequirement requirement) {
    return requirement.approvers() == null ? List.of() : requirement.approvers().users();
  }

  private static List<String> groupsOf(ApprovalRequirement requirement) {
    return requirement.approvers() == null ? List.of() : requirement.approvers().groups();
  }
}
