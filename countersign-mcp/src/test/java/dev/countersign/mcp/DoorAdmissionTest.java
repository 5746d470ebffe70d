package dev.countersign.mcp;

import static dev.countersign.mcp.DoorHarness.AGENT;
import static dev.countersign.mcp.DoorHarness.DOOR;
import static dev.countersign.mcp.DoorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.testkit.Identities;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's admission policy, on the strict server: only the door's ServiceAccount files for
 * another identity, only for a ServiceAccount that is neither itself nor the operator, and only
 * with countersign.dev/via: mcp; nobody else may claim that annotation.
 */
class DoorAdmissionTest {
  private static DoorHarness cluster;

  @BeforeAll
  static void start() {
    cluster = DoorHarness.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static ActionRequest request(String requester, boolean viaMcp) {
    ActionRequest request = ActionRequests.scale("web", 5).in(NAMESPACE).by(requester).build();
    request.getMetadata().setName(null);
    request.getMetadata().setGenerateName("admission-");
    if (viaMcp) {
      request.getMetadata().setAnnotations(Map.of("countersign.dev/via", "mcp"));
    }
    return request;
  }

  private static void refused(Runnable create, String message) {
    assertThatThrownBy(create::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining(message);
  }

  @Test
  void theDoorFilesForAVerifiedServiceAccountWithTheAnnotation() {
    ActionRequest created = cluster.doorClient.resource(request(AGENT.username(), true)).create();
    assertThat(created.getSpec().requester()).isEqualTo(AGENT.username());
  }

  @Test
  void aDoorThatFilesForTheOperatorIsRefused() {
    refused(
        () -> cluster.doorClient.resource(request(Identities.OPERATOR.username(), true)).create(),
        "the MCP door may file only for another ServiceAccount it verified");
  }

  @Test
  void theDoorMayNotFileForItself() {
    refused(
        () -> cluster.doorClient.resource(request(DOOR.username(), true)).create(),
        "the MCP door may file only for another ServiceAccount");
  }

  @Test
  void theDoorMayNotFileForAHuman() {
    refused(
        () -> cluster.doorClient.resource(request("alice", true)).create(),
        "the MCP door may file only for another ServiceAccount");
  }

  @Test
  void theDoorMayNotFileForAnotherWithoutTheAnnotation() {
    refused(
        () -> cluster.doorClient.resource(request(AGENT.username(), false)).create(),
        "the MCP door may file only for another ServiceAccount");
  }

  @Test
  void anAgentMayNotClaimItCameThroughTheDoor() {
    cluster.api.bind("countersign-agent", NAMESPACE, AGENT);
    refused(
        () -> cluster.api.as(AGENT).resource(request(AGENT.username(), true)).create(),
        "only the MCP front door's ServiceAccount may set the annotation countersign.dev/via");
  }

  @Test
  void anAgentStillFilesForItselfDirectly() {
    cluster.api.bind("countersign-agent", NAMESPACE, AGENT);
    assertThat(cluster.api.as(AGENT).resource(request(AGENT.username(), false)).create())
        .isNotNull();
  }
}
