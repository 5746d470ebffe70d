package dev.countersign.quorum;

import java.time.Instant;
import java.util.List;

/**
 * One Approval as the quorum sees it.
 *
 * @param name the Approval object's name
 * @param requestName the ActionRequest it names
 * @param requestUid the uid of the ActionRequest it names
 * @param specHash the {@link SpecHash} of the spec the approver saw; null when not given
 * @param decision Approve or Reject (anything else is ignored)
 * @param approver the approving user
 * @param groups the groups the approver claims (admission checks them)
 * @param reason the approver's reason
 * @param createdAt when the Approval was created
 * @param amended whether the Approval's spec was changed after it was created (its
 *     metadata.generation is above 1), which admission forbids
 */
public record Ballot(
    String name,
    String requestName,
    String requestUid,
    String specHash,
    String decision,
    String approver,
    List<String> groups,
    String reason,
    Instant createdAt,
    boolean amended) {

  public Ballot {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
