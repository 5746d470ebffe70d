package dev.countersign.plugin;

import static dev.countersign.plugin.PluginHarness.approvers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.quorum.SpecHash;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kubectl approve NAME}: the Approval it creates, and every reason it creates none. */
class KubectlApproveDecideTest {
  private PluginHarness cluster;
  private ActionRequest request;

  @BeforeEach
  void aRequestAwaitsAlice() {
    cluster = PluginHarness.start();
    request =
        cluster.awaiting(
            ActionRequests.scale("web", 8).build(), approvers(List.of(), List.of("sre", "ops")));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void yesCreatesAnApprovalBoundToTheUidAndSpecHashShown() {
    var result = cluster.run("scale-web-to-8", "--yes", "--reason", "peak traffic");

    assertThat(result.code()).as(result.toString()).isZero();
    Approval approval = onlyApproval();
    assertThat(approval.getSpec().request().name()).isEqualTo("scale-web-to-8");
    assertThat(approval.getSpec().request().uid()).isEqualTo(request.getMetadata().getUid());
    assertThat(approval.getSpec().specHash()).isEqualTo(SpecHash.of(request.getSpec()));
    assertThat(approval.getSpec().decision()).isEqualTo("Approve");
    assertThat(approval.getSpec().approver()).isEqualTo("alice");
    assertThat(approval.getSpec().groups()).containsExactly("sre");
    assertThat(approval.getSpec().reason()).isEqualTo("peak traffic");
    assertThat(approval.getMetadata().getName()).startsWith("scale-web-to-8-alice-");
    assertThat(result.out())
        .contains("WHAT WILL CHANGE")
        .endsWith(
            "approval "
                + approval.getMetadata().getName()
                + " created: alice approves shop/scale-web-to-8 (spec hash "
                + SpecHash.of(request.getSpec())
                + ")\n");
  }

  @Test
  void onATerminalItAsksAndApprovesOnYes() {
    cluster.interactive = true;
    cluster.prompt = question -> "yes";

    var result = cluster.run("scale-web-to-8");

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(cluster.questions)
        .containsExactly("\nApprove scale to 8 Deployment/web in shop? Type yes to approve: ");
    assertThat(onlyApproval().getSpec().decision()).isEqualTo("Approve");
  }

  @Test
  void anythingButYesAtThePromptCreatesNothing() {
    cluster.interactive = true;
    cluster.prompt = question -> "y";

    var result = cluster.run("scale-web-to-8");

    assertThat(result.code()).isEqualTo(ExitCode.DECLINED.code());
    assertThat(result.err()).isEqualTo("error: not approved: nothing was created\n");
    assertNothingCreated();
  }

  @Test
  void withoutATerminalItNeedsYes() {
    var result = cluster.run("scale-web-to-8");

    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err())
        .startsWith(
            "error: not on a terminal, so nobody can answer the question: pass --yes to approve"
                + " without it, or --show to only look");
    assertNothingCreated();
  }

  @Test
  void rejectCreatesARejectionWithTheReason() {
    var result =
        cluster.run("scale-web-to-8", "--reject", "--reason", "not during the sale", "--yes");

    assertThat(result.code()).as(result.toString()).isZero();
    Approval rejection = onlyApproval();
    assertThat(rejection.getSpec().decision()).isEqualTo("Reject");
    assertThat(rejection.getSpec().reason()).isEqualTo("not during the sale");
    assertThat(result.out()).contains("created: alice rejects shop/scale-web-to-8");
  }

  @Test
  void rejectWithoutAReasonIsAUsageError() {
    var result = cluster.run("scale-web-to-8", "--reject", "--yes");

    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err())
        .isEqualTo(
            "error: --reject needs --reason \"why\": the agent and the audit trail read it\n"
                + "Run 'kubectl approve --help' for usage.\n");
    assertNothingCreated();
  }

  @Test
  void aRequestNotAwaitingApprovalSaysItsPhase() {
    cluster.moveTo(request, Phase.Succeeded, "scaled Deployment web from 3 to 8");

    var result = cluster.run("scale-web-to-8", "--yes");

    assertThat(result.code()).isEqualTo(ExitCode.NOT_AWAITING_APPROVAL.code());
    assertThat(result.err())
        .isEqualTo(
            "error: shop/scale-web-to-8 is not awaiting approval: its phase is Succeeded (scaled"
                + " Deployment web from 3 to 8)\n");
    assertThat(result.out()).isEmpty();
    assertNothingCreated();
  }

  @Test
  void aCallerThePolicyDoesNotNameMayNotApprove() {
    cluster.identity = (client, user) -> new Identity("mallory", List.of("dev"), "test");

    var result = cluster.run("scale-web-to-8", "--yes");

    assertThat(result.code()).isEqualTo(ExitCode.NOT_AN_APPROVER.code());
    assertThat(result.err())
        .isEqualTo(
            "error: you may not approve shop/scale-web-to-8: mallory is not an allowed approver:"
                + " needs one of groups [sre, ops] (your groups: [dev])\n");
    assertNothingCreated();
  }

  @Test
  void theRequesterMayNotApproveItsOwnRequest() {
    cluster.identity = (client, user) -> new Identity(ActionRequests.AGENT, List.of("sre"), "test");

    var result = cluster.run("scale-web-to-8", "--yes");

    assertThat(result.code()).isEqualTo(ExitCode.NOT_AN_APPROVER.code());
    assertThat(result.err()).contains("filed this request; the requester cannot approve it");
    assertNothingCreated();
  }

  @Test
  void aRequestWhoseSpecChangedAfterItWasShownIsAStaleView() {
    // A cluster refuses to change a request's spec (CRD rule and admission); on one without them
    // (CRDs installed without their schema) the plugin still notices before it signs anything.
    cluster.close();
    cluster = PluginHarness.start(ServerOptions.defaults().withoutApiServerValidation());
    request =
        cluster.awaiting(
            ActionRequests.scale("web", 8).build(), approvers(List.of(), List.of("sre", "ops")));
    cluster.interactive = true;
    cluster.prompt =
        question -> {
          ActionRequest live = cluster.client.resource(request).get();
          ActionRequestSpec s = live.getSpec();
          live.setSpec(
              new ActionRequestSpec(
                  s.requester(),
                  s.requesterGroups(),
                  s.action(),
                  s.target(),
                  new ActionRequestSpec.ScaleParameters(50),
                  null,
                  null,
                  s.reasoning()));
          cluster.client.resource(live).update();
          return "yes";
        };

    var result = cluster.run("scale-web-to-8");

    assertThat(result.code()).isEqualTo(ExitCode.STALE_VIEW.code());
    assertThat(result.err())
        .startsWith("error: shop/scale-web-to-8 changed since it was shown (spec hash ")
        .endsWith("nothing was created. Run the command again to see what it asks now\n");
    assertNothingCreated();
  }

  @Test
  void aRequestRecreatedAfterItWasShownIsAStaleView() {
    cluster.interactive = true;
    cluster.prompt =
        question -> {
          cluster.client.resource(request).delete();
          org.awaitility.Awaitility.await()
              .until(() -> cluster.client.resource(request).get() == null);
          cluster.awaiting(
              ActionRequests.scale("web", 8).build(), approvers(List.of(), List.of("sre")));
          return "yes";
        };

    var result = cluster.run("scale-web-to-8");

    assertThat(result.code()).isEqualTo(ExitCode.STALE_VIEW.code());
    assertThat(result.err())
        .startsWith("error: shop/scale-web-to-8 was deleted and re-created since it was shown");
    assertNothingCreated();
  }

  @Test
  void anApprovalForbiddenByRbacSaysSo() {
    cluster
        .server
        .expect()
        .post()
        .withPath("/apis/countersign.dev/v1alpha1/namespaces/shop/approvals")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("approvals.countersign.dev is forbidden: User \"alice\" cannot create")
                .build())
        .always();

    var result = cluster.run("scale-web-to-8", "--yes");

    assertThat(result.code()).isEqualTo(ExitCode.FORBIDDEN.code());
    assertThat(result.err())
        .startsWith(
            "error: forbidden: you may not create approvals.countersign.dev in namespace shop at "
                + cluster.server.url()
                + " (RBAC)")
        .doesNotContain("\tat ");
    assertNothingCreated();
  }

  @Test
  void withJsonOutputStdoutHoldsOnlyTheDocumentAndTheApprovalIsReportedOnStderr() {
    var result = cluster.run("scale-web-to-8", "-o", "json", "--yes");

    assertThat(result.code()).as(result.toString()).isZero();
    Approval approval = onlyApproval();
    var document =
        cluster.client.getKubernetesSerialization().unmarshal(result.out(), java.util.Map.class);
    assertThat(document).containsEntry("specHash", SpecHash.of(request.getSpec()));
    assertThat(result.err())
        .contains("approval " + approval.getMetadata().getName() + " created: alice approves");
  }

  @Test
  void usageErrorsSayWhatIsWrong() {
    assertThat(cluster.run("--frobnicate").err()).startsWith("error: unknown flag --frobnicate");
    assertThat(cluster.run("-o", "xml").err()).startsWith("error: -o needs json or yaml: xml");
    assertThat(cluster.run("-A", "scale-web-to-8").err()).startsWith("error: -A lists requests");
    assertThat(cluster.run("a", "b").err()).startsWith("error: one request at a time");
    assertThat(cluster.run("--yes").err()).startsWith("error: --yes, --show, --reject");
    assertThat(cluster.run("x", "--show", "--yes").err()).startsWith("error: --show only shows");
    assertThat(cluster.run("x", "--wait", "--timeout", "soon").err())
        .startsWith("error: --timeout needs a duration");
    assertThat(cluster.run("-n").err()).startsWith("error: -n needs a value");
    assertThat(cluster.run("--frobnicate").code()).isEqualTo(ExitCode.USAGE.code());
    assertNothingCreated();
  }

  @Test
  void helpListsTheUsageAndEveryExitCode() {
    var result = cluster.run("--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("kubectl approve NAME --reject --reason \"why\"");
    for (ExitCode code : ExitCode.values()) {
      assertThat(result.out()).contains(String.format("  %2d  %s", code.code(), code.meaning()));
    }
  }

  @Test
  void completionScriptsForBashAndZshCallTheKubectlCompletionPlugin() {
    assertThat(cluster.run("--completion", "bash").out())
        .contains("complete -F _kubectl_approve kubectl-approve", "kubectl_complete-approve");
    assertThat(cluster.run("--completion", "zsh").out())
        .contains("#compdef kubectl-approve", "kubectl_complete-approve");
    assertThat(cluster.run("--completion", "fish").code()).isEqualTo(ExitCode.USAGE.code());
  }

  private Approval onlyApproval() {
    List<Approval> approvals = cluster.approvals();
    assertThat(approvals).hasSize(1);
    return approvals.get(0);
  }

  private void assertNothingCreated() {
    assertThat(cluster.approvals()).isEmpty();
  }
}
