package dev.countersign.plugin;

import java.util.List;

/**
 * Who is running the plugin, as the API server knows them.
 *
 * @param user the user name, as Approval.spec.approver must give it
 * @param groups the user's groups (empty when they could not be learned)
 * @param source how this was learned, shown to the user, e.g. "SelfSubjectReview"
 */
public record Identity(String user, List<String> groups, String source) {
  public Identity {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
