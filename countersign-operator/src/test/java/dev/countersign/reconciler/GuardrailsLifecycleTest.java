package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.Policies;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The guardrails on the mock server with the real reconcilers: budgets and cooldowns computed from
 * cluster state (surviving an operator restart), re-checks before execution, freeze waits, audit
 * mode and explanations. (Malformed policies: {@link MalformedPolicyTest}.)
 */
class GuardrailsLifecycleTest extends LifecycleTestBase {

  /** A policy for the test agent in this test's namespace, with the guardrails the test adds. */
  private Policies.Builder scalePolicy() {
    return Policies.allowScale("agents-in-" + namespace)
        .serviceAccounts("agents/ops-agent")
        .namespaces(namespace);
  }

  private AgentPolicy create(Policies.Builder builder) {
    var spec = builder.spec();
    AgentPolicy policy = new AgentPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(builder.build().name()).build());
    policy.setSpec(spec);
    return client.resource(policy).create();
  }

  private void replaceSpec(Policies.Builder builder) {
    AgentPolicy live = client.resources(AgentPolicy.class).withName(builder.build().name()).get();
    live.setSpec(builder.spec());
    client.resource(live).update();
  }

  @Test
  void aBudgetHoldsAcrossAnOperatorRestart() {
    deployment("web", 3, "nginx:1.27");
    create(scalePolicy().budget("1h", null, 1));
    operator.awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Succeeded);

    operator.close();
    operator = OperatorHarness.start(api);
    ActionRequest denied =
        operator.awaitPhase(submit(ActionRequests.scale("web", 5).build()), Phase.Denied);

    assertThat(denied.getStatus().message())
        .contains(
            "policy agents-in-"
                + namespace
                + "'s budget of 1 action per target per 1h is used up: Deployment web already"
                + " ran 1");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void aCooldownHoldsAcrossAnOperatorRestart() {
    deployment("web", 3, "nginx:1.27");
    create(scalePolicy().cooldown("1h"));
    operator.awaitPhase(submit(ActionRequests.scale("web", 4).build()), Phase.Succeeded);

    operator.close();
    operator = OperatorHarness.start(api);
    ActionRequest denied =
        operator.awaitPhase(submit(ActionRequests.scale("web", 2).build()), Phase.Denied);

    assertThat(denied.getStatus().message())
        .contains("'s cooldown of 1h on Deployment web runs until")
        .contains("(last action: " + namespace + "/scale-web-to-4)");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void aPolicyChangedBetweenApprovalAndExecutionDeniesWithTheNewReason() {
    deployment("web", 3, "nginx:1.27");
    create(scalePolicy().maxReplicas(10).approvedBy("alice"));
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 8).build()), Phase.AwaitingApproval);
    assertThat(waiting.getStatus().decision().policies().get(0).generation()).isEqualTo(1L);

    replaceSpec(scalePolicy().maxReplicas(5).approvedBy("alice"));
    approve(Approvals.approve(waiting, "alice"));
    ActionRequest denied = operator.awaitPhase(waiting, Phase.Denied);

    assertThat(denied.getStatus().message())
        .isEqualTo(
            "policy changed since the decision (agents-in-"
                + namespace
                + " generation 1 → 2): replicas 8 is above policy agents-in-"
                + namespace
                + "'s maxReplicas 5");
    // The re-check is now the request's decision: it says why, with its code, and so does the
    // Denied Event.
    assertThat(denied.getStatus().decision().verdict()).isEqualTo(Decision.Verdict.Denied);
    assertThat(denied.getStatus().decision().reasons())
        .containsExactly(denied.getStatus().message());
    assertThat(denied.getStatus().decision().reasonCodes()).containsExactly("AboveMax");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
    operator.awaitEventReasons(
        namespace, "ActionRequest", "scale-web-to-8", "AwaitingApproval", "Approved", "Denied");
    assertThat(operator.events(namespace, "ActionRequest", "scale-web-to-8").getLast())
        .satisfies(
            e ->
                assertThat(e.getMetadata().getAnnotations())
                    .containsEntry(AuditAnnotations.REASON_CODES, "AboveMax"));
  }

  @Test
  void anApprovedRequestWaitsOutAFreezeWithAConditionThenRuns() {
    deployment("web", 3, "nginx:1.27");
    create(scalePolicy().approvedBy("alice"));
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 5).build()), Phase.AwaitingApproval);

    replaceSpec(
        scalePolicy().approvedBy("alice").freeze("now", startedThisMinute(), endingIn(4), "UTC"));
    approve(Approvals.approve(waiting, "alice"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var frozen = Conditions.find(live(waiting).getStatus().conditions(), "Frozen");
              assertThat(frozen).isNotNull();
              assertThat(frozen.getStatus()).isEqualTo("True");
              assertThat(frozen.getMessage()).contains("change freeze now (");
            });
    assertThat(live(waiting).phase()).isEqualTo(Phase.Approved);
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);

    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);
    assertThat(Conditions.find(done.getStatus().conditions(), "Frozen").getStatus())
        .isEqualTo("False");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(5);
    assertThat(operator.eventReasons(namespace, "ActionRequest", "scale-web-to-5"))
        .contains("WaitingForFreeze");
  }

  @Test
  void anApprovedRequestExpiresWhenTheFreezeOutlastsIt() {
    deployment("web", 3, "nginx:1.27");
    create(scalePolicy().approvedBy("alice").requestTtl("6s"));
    ActionRequest waiting =
        operator.awaitPhase(submit(ActionRequests.scale("web", 5).build()), Phase.AwaitingApproval);

    replaceSpec(
        scalePolicy()
            .approvedBy("alice")
            .requestTtl("6s")
            .freeze("long", "* * * * *", "1h", "UTC"));
    approve(Approvals.approve(waiting, "alice"));
    ActionRequest expired = operator.awaitPhase(waiting, Phase.Expired);

    assertThat(expired.getStatus().message())
        .startsWith("expired at " + expired.getStatus().decision().expiresAt() + " while waiting:")
        .contains("change freeze long (* * * * *, UTC, 1h)");
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void auditModeRecordsWhatWouldHappenAndExecutesNothing() {
    deployment("web", 3, "nginx:1.27");
    create(scalePolicy().mode("Audit"));

    ActionRequest evaluated =
        operator.awaitPhase(submit(ActionRequests.scale("web", 5).build()), Phase.Evaluated);

    String explanation = evaluated.getStatus().message();
    assertThat(explanation)
        .startsWith(
            "Audit (would be Allowed): policy agents-in-"
                + namespace
                + " allows scale on Deployment web | policies considered: agents-in-"
                + namespace
                + " (generation 1): allows scale on Deployment web");
    // The decision is written to status first and annotated right after.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(live(evaluated).getMetadata().getAnnotations())
                    .containsEntry(AuditAnnotations.DECISION, explanation));
    assertThat(liveDeployment("web").getSpec().getReplicas()).isEqualTo(3);
    operator.awaitEventReasons(namespace, "ActionRequest", "scale-web-to-5", "Evaluated");
    assertThat(operator.events(namespace, "ActionRequest", "scale-web-to-5"))
        .extracting(Event::getMessage)
        .containsExactly(explanation);
  }

  private ActionRequest live(ActionRequest request) {
    return client
        .resources(ActionRequest.class)
        .inNamespace(namespace)
        .withName(request.getMetadata().getName())
        .get();
  }

  /** A daily schedule that fired at the start of the current UTC minute. */
  private static String startedThisMinute() {
    var now = Instant.now().atOffset(ZoneOffset.UTC);
    return now.getMinute() + " " + now.getHour() + " * * *";
  }

  /** A duration from the start of the current minute to {@code seconds} from now. */
  private static String endingIn(int seconds) {
    Instant now = Instant.now();
    return Duration.between(now.truncatedTo(ChronoUnit.MINUTES), now.plusSeconds(seconds))
            .toSeconds()
        + "s";
  }
}
