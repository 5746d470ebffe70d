package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a person may approve under a requirement: named among its users, or holding one of its
 * groups. The one rule the operator counts by and {@code kubectl approve} checks before asking.
 */
public final class AllowedApprovers {
  private AllowedApprovers() {}

  /** Why {@code approver} (holding {@code groups}) may not approve, or empty when they may. */
  public static Optional<String> whyNot(
      RequiredApprovals required, String approver, Collection<String> groups) {
    if (required.users().contains(approver)
        || groups.stream().anyMatch(required.groups()::contains)) {
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
        approver
            + " is not an allowed approver: "
            + (needs.isEmpty() ? "nobody is named" : "needs one of " + String.join(" or ", needs)));
  }
}
