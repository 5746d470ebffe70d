package dev.countersign.cli.testfile;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import java.util.List;

/**
 * One case: a request, the approvals given to it, and what is expected. A case without a request
 * only expects a policy to be invalid.
 *
 * @param name the case's name, unique in its file
 * @param request the request, inline or in an ActionRequest file
 * @param approvals Approvals given to the request, counted as the operator counts them
 * @param expect what the decision must be
 */
public record TestCase(
    String name, RequestInput request, List<ApprovalFixture> approvals, Expectation expect) {
  public TestCase {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  /**
   * The request.
   *
   * @param file an ActionRequest YAML file, relative to the test file (instead of the fields here)
   * @param namespace the request's (and its target's) namespace; when absent, the namespace of the
   *     only workload fixture with the target's kind and name
   * @param spec the ActionRequest spec, with the requester; a missing {@code reasoning} is filled
   *     in (the API server requires one, so the operator never sees a request without it)
   */
  public record RequestInput(String file, String namespace, ActionRequestSpec spec) {}

  /**
   * An Approval.
   *
   * @param approver the approving user
   * @param groups the groups they claim
   * @param decision Approve (default) or Reject
   * @param at when it was given; {@code now} when absent
   * @param reason their reason
   */
  public record ApprovalFixture(
      String approver, List<String> groups, String decision, String at, String reason) {
    public ApprovalFixture {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }
}
