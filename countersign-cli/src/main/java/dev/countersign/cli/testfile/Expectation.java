package dev.countersign.cli.testfile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a case expects; only what is given is checked.
 *
 * @param verdict the outcome as the operator's phase would show it
 * @param reasonCodes the decision's reason codes, in any order, all of them
 * @param approvalsRequired how many distinct approvals are needed (0 when none)
 * @param approvers who may approve
 * @param policies the policies that governed the request (allowed, denied or forbade it)
 * @param messageMatches a regular expression found in the decision's explanation
 * @param invalid a policy expected to be invalid, with its message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Expectation(
    Verdict verdict,
    List<String> reasonCodes,
    Integer approvalsRequired,
    Approvers approvers,
    List<String> policies,
    String messageMatches,
    InvalidPolicy invalid) {

  /** Users and groups, as in a rule's {@code approval.approvers}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Approvers(List<String> users, List<String> groups) {
    public Approvers {
      users = users == null ? List.of() : List.copyOf(users);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  /** A policy expected to be invalid, and a regular expression found among its problems. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InvalidPolicy(String policy, String messageMatches) {}
}
