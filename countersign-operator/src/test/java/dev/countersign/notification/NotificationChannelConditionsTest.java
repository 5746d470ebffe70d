package dev.countersign.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a channel or a policy's reference to one can be wrong ends in a condition that says
 * exactly what is wrong (and an Event), never in a stack trace; an unknown type never reaches the
 * operator at all.
 */
class NotificationChannelConditionsTest {
  private static final String KEY = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  static EmbeddedApiServer api;
  static KubernetesClient admin;
  static OperatorHarness operator;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    admin = api.client();
    operator = OperatorHarness.start(api);
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
    api.close();
  }

  @Test
  void aChannelWhoseSecretIsMissingSaysWhichSecretAndBecomesReadyOnceItExists() {
    admin.resource(Channels.channel("no-secret", "slack", "slack-url", null)).create();

    assertReady(
        "no-secret",
        "False",
        "SecretMissing",
        "Secret slack-url does not exist in namespace countersign-system");
    operator.awaitEventReasons(Channels.NS, "NotificationChannel", "no-secret", "ChannelNotReady");

    admin
        .resource(Channels.secret("slack-url", "https://hooks.slack.com/services/T0/B0/x", null))
        .create();
    assertReady("no-secret", "True", "CanDeliver", "the Secret and URL are usable");
  }

  @Test
  void aSecretWithoutTheUrlKeyIsNamed() {
    admin.resource(Channels.secret("no-url", null, KEY)).create();
    admin.resource(Channels.channel("no-url", "webhook", "no-url", null)).create();

    assertReady("no-url", "False", "SecretMissing", "Secret no-url has no key url");
  }

  @Test
  void aWebhookWithoutASigningKeyIsRefused() {
    admin.resource(Channels.secret("unsigned", "https://example.com/hook", null)).create();
    admin.resource(Channels.channel("unsigned", "webhook", "unsigned", null)).create();

    assertReady(
        "unsigned",
        "False",
        "SecretMissing",
        "Secret unsigned has no key signingKey (a webhook channel signs every message)");
  }

  @Test
  void aSigningKeyThatIsNotWhsecBase64IsRefusedWithoutBeingRepeated() {
    admin.resource(Channels.secret("badkey", "https://example.com/hook", "hunter2")).create();
    admin.resource(Channels.channel("badkey", "webhook", "badkey", null)).create();

    assertReady(
        "badkey",
        "False",
        "BadSigningKey",
        "Secret badkey key signingKey: the signing key does not start with whsec_");
  }

  @Test
  void plainHttpIsRefusedExceptToLoopbackWhenExplicitlyAllowed() {
    admin.resource(Channels.secret("http-remote", "http://example.com/hook", KEY)).create();
    admin.resource(Channels.channel("http-remote", "webhook", "http-remote", true)).create();
    admin.resource(Channels.secret("http-local", "http://127.0.0.1:9/hook", KEY)).create();
    admin.resource(Channels.channel("http-local", "webhook", "http-local", null)).create();
    admin.resource(Channels.channel("http-local-allowed", "webhook", "http-local", true)).create();

    assertReady(
        "http-remote",
        "False",
        "InsecureUrl",
        "the URL in Secret http-remote key url is not HTTPS: plain http is refused (allowed only"
            + " to a loopback address)");
    assertReady(
        "http-local",
        "False",
        "InsecureUrl",
        "the URL in Secret http-local key url is not HTTPS: plain http to a loopback address"
            + " needs spec.allowInsecureLoopback: true");
    assertReady("http-local-allowed", "True", "CanDeliver", "the Secret and URL are usable");
  }

  @Test
  void aUrlThatIsNotOneIsRefusedWithoutRepeatingIt() {
    admin.resource(Channels.secret("garbage", "hooks.example.com/abc", null)).create();
    admin.resource(Channels.channel("garbage", "msteams", "garbage", null)).create();

    assertReady(
        "garbage",
        "False",
        "BadUrl",
        "the URL in Secret garbage key url is not an absolute URL with a host");
  }

  @Test
  void anUnknownTypeIsRejectedByTheApiServer() {
    assertThatThrownBy(
            () -> admin.resource(Channels.channel("email", "email", "whatever", null)).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.type")
        .hasMessageContaining("email");
  }

  @Test
  void aPolicyNamingMissingChannelsSaysWhichAndWhere() {
    AgentPolicy policy =
        AgentPolicies.forNamespace("shop")
            .named("names-missing-channels")
            .allowWithApprovalNotifying("restart", List.of("nobody-made-this"), "alice")
            .notifyOutcomes("nor-this", "Failed")
            .build();
    admin.resource(policy).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = condition(policyConditions("names-missing-channels"), "ChannelsFound");
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ChannelMissing");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "rules[0] (restart) approval.notify names NotificationChannel"
                          + " nobody-made-this, which does not exist in namespace"
                          + " countersign-system; notify[0] names NotificationChannel nor-this,"
                          + " which does not exist in namespace countersign-system");
              assertThat(condition(policyConditions("names-missing-channels"), "Ready").getStatus())
                  .as("a missing channel does not invalidate the policy")
                  .isEqualTo("True");
            });

    admin.resource(Channels.secret("made-now", "https://example.com/hook", KEY)).create();
    admin.resource(Channels.channel("nobody-made-this", "webhook", "made-now", null)).create();
    admin.resource(Channels.channel("nor-this", "webhook", "made-now", null)).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        condition(policyConditions("names-missing-channels"), "ChannelsFound")
                            .getStatus())
                    .isEqualTo("True"));
  }

  private static List<Condition> policyConditions(String name) {
    AgentPolicy live = admin.resources(AgentPolicy.class).withName(name).get();
    return live.getStatus() == null ? List.of() : live.getStatus().conditions();
  }

  private static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static void assertReady(String channel, String status, String reason, String message) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              NotificationChannel live =
                  admin
                      .resources(NotificationChannel.class)
                      .inNamespace(Channels.NS)
                      .withName(channel)
                      .get();
              assertThat(live.getStatus()).as("status of %s", channel).isNotNull();
              Condition ready = condition(live.getStatus().conditions(), "Ready");
              assertThat(ready.getStatus()).isEqualTo(status);
              assertThat(ready.getReason()).isEqualTo(reason);
              assertThat(ready.getMessage()).isEqualTo(message);
            });
  }
}
