package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.quorum.AllowedApprovers;
import java.util.List;
import java.util.Optional;

/**
 * Whether the caller may approve a request, judged as the operator's quorum judges an Approval:
 * named by user or by one of their groups, and not the requester.
 */
final class ApproverCheck {
  private ApproverCheck() {}

  /** Why the caller may not approve, or empty when they may. */
  static Optional<String> whyNot(ActionRequest request, Identity me) {
    return whyNot(
        required(request), request.getSpec() == null ? null : request.getSpec().requester(), me);
  }

  /**
   * The same from the parts the judgement reads: the decision's requirement (null when there is
   * none) and the requester (null when the spec names none).
   */
  static Optional<String> whyNot(RequiredApprovals required, String requester, Identity me) {
    if (required == null) {
      return Optional.of("the request names no approvers (it needs no approval)");
    }
    if (me.user().equals(requester)) {
      return Optional.of(me.user() + " filed this request; the requester cannot approve it");
    }
    return AllowedApprovers.whyNot(required, me.user(), me.groups())
        .map(why -> me.groups().isEmpty() ? why : why + " (your groups: " + me.groups() + ")");
  }

  /** The caller's groups that the requirement names: the ones an Approval should claim. */
  static List<String> claimedGroups(RequiredApprovals required, Identity me) {
    return me.groups().stream().filter(required.groups()::contains).toList();
  }

  static RequiredApprovals required(ActionRequest request) {
    return request.getStatus() == null || request.getStatus().decision() == null
        ? null
        : request.getStatus().decision().requiredApprovals();
  }
}
