package dev.countersign.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every event rendered for every channel type validates against its schema: the payload against the
 * versioned schema in docs/, Slack bodies against Block Kit's documented shape and limits, Teams
 * bodies against the Adaptive Card message shape. Set {@code -Dnotification.print=true} to print
 * the rendered examples docs/notifications.md shows.
 */
class NotificationRenderingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));
  private static final Instant NOW = Instant.parse("2026-12-03T01:30:00Z");

  static ActionRequest waitingForAlice(Phase phase) {
    ActionRequest request = ActionRequests.scale("web", 8).in("shop").build();
    request.getMetadata().setUid("0b6a3f4e-5d0c-4c39-9d5e-7c1f1b2a9e11");
    Decision decision =
        new Decision(
            Decision.Verdict.NeedsApproval,
            List.of("policy shop-agents rule scale needs 1 approval from [alice]"),
            List.of("NeedsApproval"),
            List.of(new Decision.PolicyMatch("shop-agents", 1L, "Allow", "allows with approval")),
            new Decision.RequiredApprovals(1, List.of("alice"), List.of("sre")),
            "2026-12-03T02:30:00Z",
            NOW.toString());
    request.setStatus(
        new ActionRequestStatus(
            phase,
            phase == Phase.AwaitingApproval
                ? decision.waitingFor(0)
                : "rejected by alice: <b>not during the sale</b> & never on Fridays",
            List.of(),
            decision,
            "0/1",
            phase == Phase.Rejected
                ? List.of(
                    new ApprovalRecord(
                        "reject-1", "alice", "Reject", NOW.toString(), true, "not now"))
                : List.of(),
            null,
            1L));
    return request;
  }

  static NotificationPayload payload(NotificationEvent event) {
    Phase phase =
        event == NotificationEvent.AwaitingApproval
            ? Phase.AwaitingApproval
            : Phase.valueOf(event.name());
    return NotificationPayload.of(
        waitingForAlice(phase),
        event,
        "Deployment/web in shop: replicas 3 → 8",
        "shop-agents",
        "scale",
        NOW);
  }

  @ParameterizedTest
  @EnumSource(NotificationEvent.class)
  void thePayloadMatchesItsVersionedSchema(NotificationEvent event) throws IOException {
    JsonNode body = JSON.readTree(Rendering.webhook.body(payload(event)));

    assertThat(
            errors(
                schema(Files.newInputStream(ROOT.resolve("docs/notification-payload.schema.json"))),
                body))
        .isEmpty();
    assertThat(body.at("/data/request/uid").asText())
        .isEqualTo("0b6a3f4e-5d0c-4c39-9d5e-7c1f1b2a9e11");
    if (event == NotificationEvent.AwaitingApproval) {
      assertThat(body.at("/data/approveCommand").asText())
          .isEqualTo("kubectl approve scale-web-to-8 -n shop");
      assertThat(body.at("/data/approvals/users/0").asText()).isEqualTo("alice");
    } else {
      assertThat(body.at("/data/phase").asText()).isEqualTo(event.name());
      assertThat(body.at("/data/approveCommand").isMissingNode()).isTrue();
    }
    print("webhook " + event, body);
  }

  @ParameterizedTest
  @EnumSource(NotificationEvent.class)
  void theSlackMessageIsValidBlockKitWithoutButtons(NotificationEvent event) throws IOException {
    JsonNode body = JSON.readTree(Rendering.slack.body(payload(event)));

    assertThat(errors(schema(resource("slack-block-kit.schema.json")), body)).isEmpty();
    assertThat(body.toString()).doesNotContain("\"button\"").doesNotContain("<b>");
    if (event == NotificationEvent.AwaitingApproval) {
      assertThat(body.at("/blocks/2/elements/0/text").asText())
          .contains("kubectl approve scale-web-to-8 -n shop");
    }
    print("slack " + event, body);
  }

  @ParameterizedTest
  @EnumSource(NotificationEvent.class)
  void theTeamsMessageIsAnAdaptiveCardWithoutActions(NotificationEvent event) throws IOException {
    JsonNode body = JSON.readTree(Rendering.msteams.body(payload(event)));

    assertThat(errors(schema(resource("adaptive-card-message.schema.json")), body)).isEmpty();
    assertThat(body.at("/attachments/0/content/actions").isMissingNode()).isTrue();
    print("msteams " + event, body);
  }

  @ParameterizedTest
  @EnumSource(NotificationEvent.class)
  void aHugeMessageStaysWithinEveryLimit(NotificationEvent event) throws IOException {
    ActionRequest request =
        waitingForAlice(
            event == NotificationEvent.AwaitingApproval
                ? Phase.AwaitingApproval
                : Phase.valueOf(event.name()));
    request.setStatus(
        request.getStatus().withPhase(request.getStatus().phase(), "x".repeat(50_000)));
    NotificationPayload big =
        NotificationPayload.of(request, event, "y".repeat(50_000), "p".repeat(5000), "scale", NOW);

    assertThat(
            errors(
                schema(Files.newInputStream(ROOT.resolve("docs/notification-payload.schema.json"))),
                JSON.readTree(Rendering.webhook.body(big))))
        .isEmpty();
    assertThat(
            errors(
                schema(resource("slack-block-kit.schema.json")),
                JSON.readTree(Rendering.slack.body(big))))
        .isEmpty();
    assertThat(Rendering.msteams.body(big).length).isLessThan(28 * 1024);
  }

  @ParameterizedTest
  @EnumSource(NotificationEvent.class)
  void theSchemasRejectWhatTheyShould(NotificationEvent event) throws IOException {
    var slack =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            JSON.readTree(Rendering.slack.body(payload(event)));
    ((com.fasterxml.jackson.databind.node.ArrayNode) slack.get("blocks"))
        .addObject()
        .put("type", "actions")
        .putArray("elements")
        .addObject()
        .put("type", "button");
    assertThat(errors(schema(resource("slack-block-kit.schema.json")), slack)).isNotEmpty();

    var teams =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            JSON.readTree(Rendering.msteams.body(payload(event)));
    ((com.fasterxml.jackson.databind.node.ObjectNode) teams.at("/attachments/0/content"))
        .remove("version");
    assertThat(errors(schema(resource("adaptive-card-message.schema.json")), teams)).isNotEmpty();
  }

  private static InputStream resource(String name) {
    return NotificationRenderingTest.class.getResourceAsStream("/notification/" + name);
  }

  private static JsonSchema schema(InputStream in) throws IOException {
    try (in) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(
              JSON.readTree(in),
              SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
  }

  private static Set<ValidationMessage> errors(JsonSchema schema, JsonNode body) {
    return schema.validate(body);
  }

  private static void print(String title, JsonNode body) throws IOException {
    if (Boolean.getBoolean("notification.print")) {
      System.out.println("### " + title);
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
  }
}
