package dev.countersign.cli;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import java.util.ArrayList;
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
    RequiredApprovals required = required(request);
    if (required == null) {
      return Optional.of("the request names no approvers (it needs no approval)");
    }
    if (request.getSpec() != null && me.user().equals(request.getSpec().requester())) {
      return Optional.of(me.user() + " filed this request; the requester cannot approve it");
    }
    if (required.users().contains(me.user()) || !claimedGroups(required, me).isEmpty()) {
      return Optional.empty();
    }
    List<String> needs = new ArrayList<>();
    if (!required.users().isEmpty()) {
      needs.add("users " + required.users());
    }
    if (!required.groups().isEmpty()) {
      needs.add("groups " + required.groups());
    }
    return Optional.of(
        me.user()
            + " is not an allowed approver: "
            + (needs.isEmpty() ? "nobody is named" : "needs one of " + String.join(" or ", needs))
            + (me.groups().isEmpty() ? "" : " (your groups: " + me.groups() + ")"));
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
