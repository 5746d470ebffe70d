package dev.countersign.cli.testfile;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.policy.PolicyIndex;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A test file, read and checked: its policies indexed as the operator indexes them, its fixtures
 * parsed, and its cases ready to decide.
 *
 * @param file the test file
 * @param name the suite's name (metadata.name, else the file name)
 * @param index the policies, validated and indexed by the core
 * @param policySources the file each policy came from, by name
 * @param world the fixtures
 * @param cases the cases, in file order
 */
public record Suite(
    Path file,
    String name,
    PolicyIndex index,
    Map<String, Path> policySources,
    World world,
    List<Case> cases) {

  /**
   * One case, checked.
   *
   * @param position its index in the file's {@code cases}
   * @param name its name
   * @param namespace the request's namespace; null for a case that only expects an invalid policy
   * @param spec the request; null for a case that only expects an invalid policy
   * @param approvals the Approvals given, each with its instant
   * @param expect what is expected
   * @param message the compiled {@code expect.messageMatches}
   * @param invalidMessage the compiled {@code expect.invalid.messageMatches}
   */
  public record Case(
      int position,
      String name,
      String namespace,
      ActionRequestSpec spec,
      List<GivenApproval> approvals,
      Expectation expect,
      Optional<Pattern> message,
      Optional<Pattern> invalidMessage) {

    /** Whether the case decides a request (rather than only expecting a policy to be invalid). */
    public boolean decides() {
      return spec != null;
    }
  }

  /** An Approval of the case, with the instant it was given. */
  public record GivenApproval(
      String approver, List<String> groups, String decision, Instant at, String reason) {}
}
