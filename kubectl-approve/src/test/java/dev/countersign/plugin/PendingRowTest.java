package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pending list reads requests as JSON trees ({@link PendingRow}); what it shows and whom it
 * lets approve must be what the typed model (the show view, the prompt, {@code -o json}) says of
 * the same request, for every shape a request can take.
 */
class PendingRowTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<Identity> PEOPLE =
      List.of(
          new Identity("alice", List.of("sre"), "test"),
          new Identity("bob", List.of(), "test"),
          new Identity("carol", List.of("dev", "sre"), "test"),
          new Identity(ActionRequests.AGENT, List.of("sre"), "test"));

  @Test
  void showsAndJudgesEveryRequestAsTheTypedModelDoes() {
    List<ActionRequest> requests = new ArrayList<>();
    requests.add(
        awaiting(
            ActionRequests.scale("web", 8).summary("Checkout p95\n is   twice its SLO").build(),
            new RequiredApprovals(1, List.of("alice"), List.of()),
            "0/1",
            "2026-12-03T07:59:00Z"));
    requests.add(
        awaiting(
            ActionRequests.restart("web").summary("x".repeat(200)).build(),
            new RequiredApprovals(2, List.of(), List.of("sre")),
            null,
            null));
    requests.add(
        awaiting(
            ActionRequests.rollback("web").toRevision(3).kind("StatefulSet").build(),
            new RequiredApprovals(1, List.of("bob"), null),
            "1/1",
            "2026-12-03T05:00:00Z"));
    requests.add(
        awaiting(
            ActionRequests.rollback("api").by("alice").build(),
            new RequiredApprovals(1, List.of("alice", "bob"), List.of("sre")),
            "0/1",
            "not a time"));
    requests.add(ActionRequests.scale("db", 4).build()); // no status: Pending, no decision
    ActionRequest decidedWithoutApprovers =
        awaiting(ActionRequests.restart("db").build(), null, null, "2026-12-03T08:00:00Z");
    requests.add(decidedWithoutApprovers);
    ActionRequest succeeded =
        awaiting(
            ActionRequests.scale("cache", 1).build(),
            new RequiredApprovals(1, List.of("alice"), List.of()),
            "1/1",
            null);
    succeeded.setStatus(succeeded.getStatus().withPhase(Phase.Succeeded, "scaled"));
    requests.add(succeeded);

    for (ActionRequest typed : requests) {
      typed.getMetadata().setNamespace("shop");
      typed.getMetadata().setCreationTimestamp("2026-12-03T05:48:30Z");
      // Read back as the plugin reads a list: the typed request from the same JSON as the row.
      String json = JSON.asJson(typed);
      ActionRequest read = JSON.unmarshal(json, ActionRequest.class);
      PendingRow row = PendingRow.of(JSON.unmarshal(json, JsonNode.class));

      assertThat(row.cells(CLOCK, PendingList.SUMMARY_WIDTH))
          .as(json)
          .containsExactly(
              read.getMetadata().getName(),
              RequestText.age(read, CLOCK),
              RequestText.agent(read.getSpec()),
              RequestText.action(read.getSpec()),
              RequestText.target(read.getSpec()),
              RequestText.summary(read.getSpec(), PendingList.SUMMARY_WIDTH),
              RequestText.approvals(read),
              RequestText.expiry(read, CLOCK));
      assertThat(row.awaitingApproval()).isEqualTo(read.phase() == Phase.AwaitingApproval);
      assertThat(row.expiresAt()).isEqualTo(RequestText.expiresAt(read));
      assertThat(row.namespace()).isEqualTo("shop");
      for (Identity me : PEOPLE) {
        assertThat(row.whyNot(me))
            .as(me.user() + " on " + json)
            .isEqualTo(ApproverCheck.whyNot(read, me));
      }
    }
  }

  @Test
  void aFieldOfTheWrongTypeReadsAsAbsent() {
    ActionRequest typed =
        awaiting(
            ActionRequests.scale("web", 8).build(),
            new RequiredApprovals(1, List.of("alice"), List.of()),
            "0/1",
            null);
    String json =
        JSON.asJson(typed)
            .replace("\"replicas\":8", "\"replicas\":\"eight\"")
            .replace("\"minApprovals\":1", "\"minApprovals\":\"one\"");
    PendingRow row = PendingRow.of(JSON.unmarshal(json, JsonNode.class));

    assertThat(row.cells(CLOCK, 60)[3]).isEqualTo("scale");
    assertThat(row.required().minApprovals()).isZero();
  }

  private static ActionRequest awaiting(
      ActionRequest request, RequiredApprovals required, String summary, String expiresAt) {
    Decision decision =
        new Decision(
            Decision.Verdict.NeedsApproval,
            List.of("policy p requires approval"),
            List.of("Allowed", "NeedsApproval"),
            List.of(),
            required,
            expiresAt,
            NOW.toString());
    request.setStatus(
        ActionRequestStatus.empty()
            .withPhase(Phase.AwaitingApproval, "waiting")
            .withDecision(decision)
            .withApprovals(summary, List.of()));
    return request;
  }
}
