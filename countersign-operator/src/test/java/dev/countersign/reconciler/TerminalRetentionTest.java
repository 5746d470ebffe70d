package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.harness.TestConfig;
import dev.countersign.metrics.RequestMetrics;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.PolicySnapshot;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code countersign.prune-terminal-after}: terminal requests are deleted once they ended longer
 * ago, counted by {@code countersign.pruned.requests}; without the setting nothing is deleted, and
 * the chart grants the operator no delete.
 */
class TerminalRetentionTest {

  @Test
  void aRequestThatEndedLongerAgoThanTheSettingIsDeletedByTheOperator() {
    try (EmbeddedApiServer api =
            EmbeddedApiServer.start(
                ServerOptions.defaults().withChartValue("config.pruneTerminalAfter", "2s"));
        OperatorHarness operator =
            OperatorHarness.start(api, TestConfig.defaults().pruningAfter(Duration.ofSeconds(2)))) {
      api.client().resource(TestWorkloads.namespace("shop")).create();
      ActionRequest denied =
          operator.awaitPhase(
              api.fileAsRequester(ActionRequests.scale("web", 5).in("shop").build()), Phase.Denied);
      assertThat(denied).isNotNull();

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  api.client()
                          .resources(ActionRequest.class)
                          .inNamespace("shop")
                          .withName(denied.getMetadata().getName())
                          .get()
                      == null);
    }
  }

  @Test
  void onlyWhatIsDueIsDeletedAndEachDeletionIsCounted() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        OperatorHarness operator = OperatorHarness.start(api)) {
      api.client().resource(TestWorkloads.namespace("shop")).create();
      ActionRequest denied =
          operator.awaitPhase(
              api.fileAsRequester(ActionRequests.scale("web", 5).in("shop").build()), Phase.Denied);
      Instant ended = TerminalRetention.ended(denied);
      assertThat(ended)
          .isAfter(Instant.parse(denied.getMetadata().getCreationTimestamp()).minusSeconds(1));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      RequestMetrics metrics = new RequestMetrics(registry);
      var admin = api.client();

      var keepForever =
          new TerminalRetention(
              admin, Optional.empty(), metrics, at(ended.plusSeconds(86_400 * 365)));
      assertThat(keepForever.apply(denied, NO_POLICIES)).isEmpty();
      var notYet =
          new TerminalRetention(
              admin, Optional.of(Duration.ofHours(2)), metrics, at(ended.plusSeconds(3600)));
      assertThat(notYet.apply(denied, NO_POLICIES)).contains(Duration.ofHours(1));
      assertThat(admin.resource(denied).get()).as("not due: kept").isNotNull();
      assertThat(registry.find(RequestMetrics.PRUNED).counter()).isNull();

      // The chart's operator role has no delete unless config.pruneTerminalAfter is set.
      assertThatThrownBy(() -> api.as(Identities.OPERATOR).resource(denied).delete())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

      var due =
          new TerminalRetention(
              admin, Optional.of(Duration.ofHours(2)), metrics, at(ended.plusSeconds(3 * 3600)));
      assertThat(due.apply(denied, NO_POLICIES)).isEmpty();
      assertThat(admin.resource(denied).get()).as("due: deleted").isNull();
      assertThat(registry.get(RequestMetrics.PRUNED).tag("phase", "denied").counter().count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void anExecutedRequestOutlivesTheSettingWhileABudgetOrCooldownStillCountsIt() {
    ActionRequest executed = ActionRequests.scale("web", 5).in("shop").build();
    Instant started = Instant.parse("2026-12-01T10:00:00Z");
    executed.setStatus(
        Serialization.unmarshal(
            """
            {"phase": "Succeeded",
             "execution": {"startedAt": "2026-12-01T10:00:00Z",
                           "finishedAt": "2026-12-01T10:01:00Z"}}
            """,
            ActionRequestStatus.class));
    PolicyIndex budgetOfADay =
        PolicyIndex.of(
            List.of(
                new PolicySnapshot(
                    "a-day",
                    1,
                    Serialization.unmarshal(
                        """
                        {"subjects": {"users": ["agent"]}, "targets": {"namespaces": ["shop"]},
                         "rules": [{"action": "scale", "effect": "Allow"}],
                         "budget": {"window": "24h", "maxActionsPerAgent": 3},
                         "cooldown": "30m"}
                        """,
                        AgentPolicySpec.class))));
    assertThat(TerminalRetention.longestWindow(budgetOfADay)).isEqualTo(Duration.ofHours(24));
    // Nothing is due on the paths below, so the client (none) is never called.
    var oneHour =
        new TerminalRetention(
            null,
            Optional.of(Duration.ofHours(1)),
            new RequestMetrics(new SimpleMeterRegistry()),
            at(started.plus(Duration.ofMinutes(30))));

    assertThat(oneHour.apply(executed, NO_POLICIES))
        .as("without a budget or cooldown the setting alone decides: 1h after it ended")
        .contains(Duration.ofMinutes(31));
    assertThat(oneHour.apply(executed, budgetOfADay))
        .as("the budget counts it for 24h from its start, whatever the setting says")
        .contains(Duration.ofHours(23).plusMinutes(30));
  }

  private static final PolicyIndex NO_POLICIES = PolicyIndex.of(List.of());

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
