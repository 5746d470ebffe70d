package dev.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.cli.run.CaseRunner;
import dev.countersign.cli.run.FactsBuilder;
import dev.countersign.cli.run.Outcome;
import dev.countersign.cli.testfile.Fixtures.RevisionFixture;
import dev.countersign.cli.testfile.Fixtures.WorkloadFixture;
import dev.countersign.cli.testfile.Suite;
import dev.countersign.cli.testfile.SuiteReader;
import dev.countersign.cli.testfile.Verdict;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.policy.IndexedPolicy;
import dev.countersign.quorum.SpecHash;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same cases through the CLI and through the real operator on the strict embedded API server
 * (the chart's RBAC, admission policy and CRD validation; each request filed by its requester's own
 * identity), compared: the decision's verdict, reason codes, reasons, governing policies and
 * required approvals, and the phase the CLI's verdict stands for. A test result therefore cannot
 * drift from production.
 *
 * <p>The cluster is built from the suite's fixtures (namespaces with labels, Deployments and
 * StatefulSets with their ReplicaSets and ControllerRevisions, the policies). Both sides decide at
 * the wall-clock time (the operator's clock), so the CLI is run at the instant each request is
 * filed. So that every case meets the cluster as the fixtures describe it, a case the core would
 * let execute without approval is filed as a dry run on both sides; cases with approvals come last,
 * their Approvals given by the approvers' own identities, and the phase and count after them are
 * compared too. Suites with history are not replayed here: the history of executed requests cannot
 * be written into a real cluster's ActionRequest status by a test.
 */
class OperatorParityTest {
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static OperatorHarness operator;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    operator = OperatorHarness.start(api);
  }

  @AfterAll
  static void stop() {
    operator.close();
    client.close();
    api.close();
  }

  @Test
  void theOperatorDecidesEveryExampleCaseAsTheCliDoes() {
    Suite suite =
        SuiteReader.read(
            CliRun.repoRoot().resolve("config/policies/examples.countersign-test.yaml"));
    assertThat(suite.world().history()).isEmpty();
    createCluster(suite);

    List<String> differences = new ArrayList<>();
    int compared = 0;
    // Cases with approvals last: an approved one executes, and what it changed (the workload, the
    // history budgets and cooldowns count) must not reach the cases that come before it.
    List<Suite.Case> ordered = new ArrayList<>();
    suite.cases().stream()
        .filter(c -> c.decides() && c.approvals().isEmpty())
        .forEach(ordered::add);
    suite.cases().stream()
        .filter(c -> c.decides() && !c.approvals().isEmpty())
        .forEach(ordered::add);
    for (Suite.Case c : ordered) {
      ActionRequestSpec spec = c.spec();
      if (outcome(suite, c, spec, Instant.now(), List.of()).verdict() == Verdict.Allowed) {
        spec = dryRun(spec);
      }
      ActionRequest request = new ActionRequest();
      request.setMetadata(
          new ObjectMetaBuilder().withName(c.name()).withNamespace(c.namespace()).build());
      request.setSpec(spec);
      Outcome decision = outcome(suite, c, spec, Instant.now(), List.of());
      api.fileAsRequester(request);
      ActionRequest decided = awaitDecision(c.namespace(), c.name());
      differences.addAll(compare(c.name(), decision, decided));
      if (!c.approvals().isEmpty()) {
        Outcome counted = outcome(suite, c, spec, Instant.now(), c.approvals());
        ActionRequest after = giveApprovals(c, decided);
        check(
            differences,
            c.name(),
            "phase after approvals",
            phaseOf(counted.verdict()),
            settled(after.phase()));
        check(
            differences,
            c.name(),
            "approvals counted",
            counted.tally().map(t -> t.summary()).orElse(null),
            after.getStatus().approvalSummary());
      }
      compared++;
    }

    assertThat(compared).isGreaterThanOrEqualTo(15);
    assertThat(differences).as("differences between the CLI and the operator").isEmpty();
  }

  private static Outcome outcome(
      Suite suite,
      Suite.Case c,
      ActionRequestSpec spec,
      Instant now,
      List<Suite.GivenApproval> approvals) {
    return new CaseRunner()
        .run(FactsBuilder.facts(suite.world(), c.namespace(), spec), suite.index(), now, approvals);
  }

  /** Gives the case's Approvals as their approvers would, and waits until all are counted. */
  private static ActionRequest giveApprovals(Suite.Case c, ActionRequest decided) {
    for (int i = 0; i < c.approvals().size(); i++) {
      Suite.GivenApproval given = c.approvals().get(i);
      Approval approval = new Approval();
      approval.setMetadata(
          new ObjectMetaBuilder()
              .withName(c.name() + "-" + i)
              .withNamespace(c.namespace())
              .build());
      approval.setSpec(
          new ApprovalSpec(
              new ApprovalSpec.RequestRef(c.name(), decided.getMetadata().getUid()),
              SpecHash.of(decided.getSpec()),
              given.decision(),
              given.approver(),
              given.groups(),
              given.reason()));
      api.giveAsApprover(approval);
    }
    var resource =
        client.resources(ActionRequest.class).inNamespace(c.namespace()).withName(c.name());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              ActionRequest r = resource.get();
              return r.phase() != Phase.AwaitingApproval
                  || r.getStatus().approvals().size() == c.approvals().size();
            });
    return resource.get();
  }

  /** Approved, and what follows it when nothing fails: the request was approved. */
  private static Phase settled(Phase phase) {
    return phase == Phase.Executing || phase == Phase.Succeeded ? Phase.Approved : phase;
  }

  private static List<String> compare(String name, Outcome cli, ActionRequest decided) {
    Decision ours = cli.decision();
    Decision theirs = decided.getStatus().decision();
    List<String> differences = new ArrayList<>();
    check(differences, name, "verdict", ours.verdict(), theirs.verdict());
    check(differences, name, "reasonCodes", ours.reasonCodes(), theirs.reasonCodes());
    check(differences, name, "reasons", ours.reasons(), theirs.reasons());
    check(differences, name, "policies", ours.policies(), theirs.policies());
    check(
        differences,
        name,
        "requiredApprovals",
        ours.requiredApprovals(),
        theirs.requiredApprovals());
    check(differences, name, "phase", phaseOf(cli.verdict()), decided.phase());
    return differences;
  }

  private static void check(
      List<String> differences, String name, String what, Object cli, Object operator) {
    if (!java.util.Objects.equals(cli, operator)) {
      differences.add(name + ": " + what + ": CLI " + cli + ", operator " + operator);
    }
  }

  /** The phase the operator writes for a verdict (no approvals are given here). */
  private static Phase phaseOf(Verdict verdict) {
    return switch (verdict) {
      case Allowed, Approved -> Phase.Approved;
      case NeedsApproval -> Phase.AwaitingApproval;
      case Rejected -> Phase.Rejected;
      case Denied -> Phase.Denied;
      case Evaluated -> Phase.Evaluated;
    };
  }

  private static ActionRequest awaitDecision(String namespace, String name) {
    var resource = client.resources(ActionRequest.class).inNamespace(namespace).withName(name);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              ActionRequest r = resource.get();
              return r.getStatus() != null && r.getStatus().decision() != null;
            });
    return resource.get();
  }

  private static ActionRequestSpec dryRun(ActionRequestSpec spec) {
    return new ActionRequestSpec(
        spec.requester(),
        spec.requesterGroups(),
        spec.action(),
        spec.target(),
        spec.scale(),
        spec.rollback(),
        true,
        spec.reasoning());
  }

  /** Namespaces, workloads with their revisions, and the policies, as the fixtures say. */
  private static void createCluster(Suite suite) {
    suite
        .world()
        .namespaceLabels()
        .forEach(
            (name, labels) -> {
              Namespace ns = TestWorkloads.namespace(name);
              ns.getMetadata().setLabels(labels);
              client.resource(ns).create();
            });
    for (WorkloadFixture w : suite.world().workloads()) {
      if (client.namespaces().withName(w.namespace()).get() == null) {
        client.resource(TestWorkloads.namespace(w.namespace())).create();
      }
      List<RevisionFixture> revisions = w.revisions();
      String image =
          revisions.isEmpty() || revisions.getLast().image() == null
              ? TestWorkloads.image(w.name(), "1.0")
              : revisions.getLast().image();
      int replicas = w.replicas() == null ? 1 : w.replicas();
      if (w.kind().equals("Deployment")) {
        Deployment d = TestWorkloads.deployment(w.namespace(), w.name(), replicas, image);
        withLabels(d, w.labels());
        if (w.currentRevision() != null) {
          d.getMetadata()
              .setAnnotations(
                  Map.of("deployment.kubernetes.io/revision", w.currentRevision().toString()));
        }
        Deployment created = client.resource(d).create();
        for (RevisionFixture r : revisions) {
          client.resource(TestWorkloads.replicaSet(created, r.revision(), imageOf(w, r))).create();
        }
      } else {
        StatefulSet s = TestWorkloads.statefulSet(w.namespace(), w.name(), replicas, image);
        withLabels(s, w.labels());
        StatefulSet created = client.resource(s).create();
        for (RevisionFixture r : revisions) {
          client
              .resource(TestWorkloads.controllerRevision(created, r.revision(), imageOf(w, r)))
              .create();
        }
      }
    }
    for (IndexedPolicy policy : suite.index().all()) {
      AgentPolicy p = new AgentPolicy();
      p.setMetadata(new ObjectMetaBuilder().withName(policy.name()).build());
      p.setSpec(policy.snapshot().spec());
      client.resource(p).create();
    }
    // The operator decides from its informer's copy of the policies: wait until each is Ready.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                client.resources(AgentPolicy.class).list().getItems().stream()
                    .allMatch(
                        p ->
                            p.getStatus().conditions().stream()
                                .anyMatch(
                                    c ->
                                        c.getType().equals("Ready")
                                            && c.getStatus().equals("True"))));
  }

  private static String imageOf(WorkloadFixture w, RevisionFixture r) {
    return r.image() != null ? r.image() : TestWorkloads.image(w.name(), "r" + r.revision());
  }

  private static void withLabels(HasMetadata object, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(object.getMetadata().getLabels());
    all.putAll(labels);
    object.getMetadata().setLabels(all);
  }
}
