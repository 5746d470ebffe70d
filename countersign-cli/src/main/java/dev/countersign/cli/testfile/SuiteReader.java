package dev.countersign.cli.testfile;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.cli.testfile.Suite.Case;
import dev.countersign.cli.testfile.Suite.GivenApproval;
import dev.countersign.cli.testfile.TestCase.ApprovalFixture;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.ReasonCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a {@code *.countersign-test.yaml} file into a {@link Suite}, checking everything a person
 * can get wrong before any case runs: each problem is one {@link InvalidFile} line naming the file
 * and the field.
 */
public final class SuiteReader {
  private SuiteReader() {}

  /** Reads a test file whose every case says what it expects. */
  public static Suite read(Path file) {
    return read(file, false);
  }

  /**
   * Reads a test file; when {@code recording}, a case may leave out {@code expect} (it is about to
   * be filled in from the current decisions).
   */
  public static Suite read(Path file, boolean recording) {
    PolicyTest test = StrictYaml.read(file, PolicyTest.class);
    if (!PolicyTest.KIND.equals(test.kind())) {
      throw InvalidFile.at(file, "kind", "\"" + test.kind() + "\" is not " + PolicyTest.KIND);
    }
    if (!PolicyTest.API_VERSION.equals(test.apiVersion())) {
      throw InvalidFile.at(
          file, "apiVersion", "\"" + test.apiVersion() + "\" is not " + PolicyTest.API_VERSION);
    }
    if (test.policies().isEmpty()) {
      throw InvalidFile.at(file, "policies", "missing; name the AgentPolicy files or folders");
    }
    if (test.cases().isEmpty()) {
      throw InvalidFile.at(file, "cases", "missing; a test file needs at least one case");
    }
    Path dir = file.toAbsolutePath().getParent();
    List<Path> policyPaths =
        test.policies().stream().map(dir::resolve).map(Path::normalize).toList();
    PolicyFiles.Loaded loaded = PolicyFiles.read(policyPaths, file, "policies");
    PolicyIndex index = PolicyIndex.of(loaded.snapshots());
    World world = World.of(test.fixtures(), file, "fixtures");
    List<Case> cases = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < test.cases().size(); i++) {
      Case c = checkCase(file, dir, i, test.cases().get(i), world, index, recording);
      if (!names.add(c.name())) {
        throw InvalidFile.at(file, "cases[" + i + "].name", "\"" + c.name() + "\" is used twice");
      }
      cases.add(c);
    }
    checkInvalidPolicies(file, index, loaded, cases);
    checkClock(file, index, world);
    String name =
        test.metadata() != null && test.metadata().name() != null
            ? test.metadata().name()
            : file.getFileName().toString().replace(PolicyFiles.TEST_FILE_SUFFIX, "");
    return new Suite(file, name, index, loaded.sources(), world, List.copyOf(cases));
  }

  private static final Expectation NOTHING =
      new Expectation(null, null, null, null, null, null, null);

  private static Case checkCase(
      Path file,
      Path dir,
      int i,
      TestCase test,
      World world,
      PolicyIndex index,
      boolean recording) {
    String at = "cases[" + i + "]";
    World.require(test.name(), file, at + ".name");
    Expectation expect = test.expect() == null && recording ? NOTHING : test.expect();
    if (expect == null || (!recording && NOTHING.equals(expect))) {
      throw InvalidFile.at(
          file,
          at + ".expect",
          (expect == null ? "missing" : "expects nothing")
              + "; say what is expected (or run countersign test --record)");
    }
    for (int r = 0; r < (expect.reasonCodes() == null ? 0 : expect.reasonCodes().size()); r++) {
      String code = expect.reasonCodes().get(r);
      if (ReasonCode.named(code).isEmpty()) {
        throw InvalidFile.at(
            file,
            at + ".expect.reasonCodes[" + r + "]",
            "\""
                + code
                + "\" is not a reason code; one of "
                + Arrays.toString(ReasonCode.values()));
      }
    }
    Optional<Pattern> message = regex(expect.messageMatches(), file, at + ".expect.messageMatches");
    Optional<Pattern> invalidMessage = Optional.empty();
    if (expect.invalid() != null) {
      World.require(expect.invalid().policy(), file, at + ".expect.invalid.policy");
      if (index.named(expect.invalid().policy()).isEmpty()) {
        throw InvalidFile.at(
            file,
            at + ".expect.invalid.policy",
            "no policy named " + expect.invalid().policy() + " is loaded");
      }
      invalidMessage =
          regex(expect.invalid().messageMatches(), file, at + ".expect.invalid.messageMatches");
    }
    if (test.request() == null) {
      if (expect.invalid() == null) {
        throw InvalidFile.at(
            file, at + ".request", "missing; only a case that expects an invalid policy has none");
      }
      if (!test.approvals().isEmpty()) {
        throw InvalidFile.at(file, at + ".approvals", "given without a request");
      }
      boolean more =
          expect.verdict() != null
              || expect.reasonCodes() != null
              || expect.approvalsRequired() != null
              || expect.approvers() != null
              || expect.policies() != null
              || expect.messageMatches() != null;
      if (more) {
        throw InvalidFile.at(
            file, at + ".expect", "expects a decision, but the case has no request");
      }
      return new Case(
          i, test.name(), null, null, List.of(), expect, Optional.empty(), invalidMessage);
    }
    var input = test.request();
    String namespace = input.namespace();
    ActionRequestSpec spec;
    if (input.file() != null) {
      if (input.spec() != null) {
        throw InvalidFile.at(file, at + ".request", "give file or spec, not both");
      }
      var filed = RequestFiles.read(dir.resolve(input.file()).normalize());
      spec = filed.spec();
      namespace = namespace != null ? namespace : filed.namespace();
    } else {
      World.require(input.spec(), file, at + ".request.spec");
      spec = input.spec();
    }
    World.require(spec.requester(), file, at + ".request.spec.requester");
    World.require(spec.action(), file, at + ".request.spec.action");
    World.require(spec.target(), file, at + ".request.spec.target");
    checkServiceAccountGroups(spec, file, at);
    spec = withReasoning(spec, test.name());
    if (namespace == null) {
      namespace = onlyNamespaceOf(spec, world, file, at);
    }
    List<GivenApproval> approvals = new ArrayList<>();
    for (int a = 0; a < test.approvals().size(); a++) {
      approvals.add(approval(test.approvals().get(a), world, file, at + ".approvals[" + a + "]"));
    }
    return new Case(
        i, test.name(), namespace, spec, List.copyOf(approvals), expect, message, invalidMessage);
  }

  /**
   * The API server requires {@code reasoning.summary}, so the operator never decides a request
   * without one; a case may leave it out, and gets a placeholder that changes no decision.
   */
  private static ActionRequestSpec withReasoning(ActionRequestSpec spec, String caseName) {
    if (spec.reasoning() != null) {
      return spec;
    }
    return new ActionRequestSpec(
        spec.requester(),
        spec.requesterGroups(),
        spec.action(),
        spec.target(),
        spec.scale(),
        spec.rollback(),
        spec.dryRun(),
        new Reasoning("policy test case " + caseName, null, null, null, null));
  }

  private static final String SERVICE_ACCOUNT = "system:serviceaccount:";

  /**
   * A service account is only ever in the groups the API server gives every service account; the
   * chart's admission policy refuses a request claiming any other, so such a case could never
   * happen on a cluster.
   */
  private static void checkServiceAccountGroups(ActionRequestSpec spec, Path file, String at) {
    if (!spec.requester().startsWith(SERVICE_ACCOUNT)) {
      return;
    }
    String namespace = spec.requester().substring(SERVICE_ACCOUNT.length()).split(":", 2)[0];
    Set<String> possible =
        Set.of(
            "system:serviceaccounts",
            "system:serviceaccounts:" + namespace,
            "system:authenticated");
    for (int g = 0; g < spec.requesterGroups().size(); g++) {
      String group = spec.requesterGroups().get(g);
      if (!possible.contains(group)) {
        throw InvalidFile.at(
            file,
            at + ".request.spec.requesterGroups[" + g + "]",
            "service account "
                + spec.requester()
                + " is never in group "
                + group
                + "; the API server's admission policy would refuse this request (use a user"
                + " requester for group-based agents)");
      }
    }
  }

  private static String onlyNamespaceOf(ActionRequestSpec spec, World world, Path file, String at) {
    List<String> namespaces =
        world.workloads().stream()
            .filter(w -> w.kind().equals(spec.target().kind()))
            .filter(w -> w.name().equals(spec.target().name()))
            .map(Fixtures.WorkloadFixture::namespace)
            .distinct()
            .toList();
    if (namespaces.size() != 1) {
      throw InvalidFile.at(
          file,
          at + ".request.namespace",
          "missing, and "
              + (namespaces.isEmpty()
                  ? "no workload fixture is " + spec.target()
                  : spec.target() + " is in several namespaces " + namespaces));
    }
    return namespaces.get(0);
  }

  private static GivenApproval approval(ApprovalFixture a, World world, Path file, String at) {
    World.require(a.approver(), file, at + ".approver");
    String decision = a.decision() == null ? ApprovalSpec.APPROVE : a.decision();
    if (!ApprovalSpec.APPROVE.equals(decision) && !ApprovalSpec.REJECT.equals(decision)) {
      throw InvalidFile.at(file, at + ".decision", "\"" + decision + "\" is not Approve or Reject");
    }
    Instant when =
        a.at() == null ? world.now().orElse(null) : World.instant(a.at(), world.zone(), file, at);
    return new GivenApproval(
        a.approver(), a.groups(), decision, when, a.reason() == null ? "policy test" : a.reason());
  }

  private static Optional<Pattern> regex(String regex, Path file, String field) {
    if (regex == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw InvalidFile.at(
          file, field, "\"" + regex + "\" is not a regular expression: " + e.getDescription());
    }
  }

  /** An invalid policy stops the run unless a case of this file expects it to be invalid. */
  private static void checkInvalidPolicies(
      Path file, PolicyIndex index, PolicyFiles.Loaded loaded, List<Case> cases) {
    Set<String> expected = new HashSet<>();
    cases.stream()
        .filter(c -> c.expect().invalid() != null)
        .forEach(c -> expected.add(c.expect().invalid().policy()));
    for (IndexedPolicy policy : index.all()) {
      if (!policy.valid() && !expected.contains(policy.name())) {
        throw InvalidFile.at(
            loaded.sources().get(policy.name()),
            "AgentPolicy " + policy.name(),
            "invalid: "
                + String.join("; ", policy.problems())
                + " (a case of "
                + file.getFileName()
                + " may expect it: expect.invalid.policy)");
      }
    }
  }

  /** A suite whose outcome depends on the clock must name the instant it is decided at. */
  private static void checkClock(Path file, PolicyIndex index, World world) {
    if (world.now().isPresent()) {
      return;
    }
    if (!world.history().isEmpty()) {
      throw InvalidFile.at(
          file, "fixtures.now", "missing; the history's times are only meaningful against it");
    }
    index.all().stream()
        .filter(p -> !p.snapshot().spec().freezeWindows().isEmpty())
        .findFirst()
        .ifPresent(
            p -> {
              throw InvalidFile.at(
                  file,
                  "fixtures.now",
                  "missing; policy "
                      + p.name()
                      + " has freeze windows, so the outcome would depend on when the test runs");
            });
  }
}
