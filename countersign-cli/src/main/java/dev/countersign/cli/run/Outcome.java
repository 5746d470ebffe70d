package dev.countersign.cli.run;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.cli.testfile.Verdict;
import dev.countersign.quorum.Tally;
import java.util.List;
import java.util.Optional;

/**
 * What the core decided for one case.
 *
 * @param verdict the outcome as the operator's phase shows it
 * @param decision the core's decision, exactly as the operator writes it to status
 * @param tally the count of the case's approvals, when it has any and needed them
 * @param governing the policies that governed the request (allowed, denied or forbade it)
 */
public record Outcome(
    Verdict verdict, Decision decision, Optional<Tally> tally, List<String> governing) {

  /** The decision in words, as the operator writes it to the status message and the Event. */
  public String explanation() {
    return decision.explanation();
  }

  /** How many approvals the request needs; 0 when none. */
  public int approvalsRequired() {
    return decision.requiredApprovals() == null ? 0 : decision.requiredApprovals().minApprovals();
  }
}
