package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Restart and rollback, auto-approved and human-approved. The mock server has no deployment
 * controller: the {@link dev.countersign.testkit.controller.SimulatedWorkloadController} creates
 * the ReplicaSets and ControllerRevisions that a rollback reads, as the real controllers do.
 */
class RestartAndRollbackLifecycleTest extends LifecycleTestBase {
  private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  @Test
  void autoApprovedRestartStampsThePodTemplate() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allow("restart").build());

    ActionRequest done =
        operator.awaitPhase(submit(ActionRequests.restart("web").build()), Phase.Succeeded);

    String stamp = done.getStatus().execution().restartedAt();
    assertThat(stamp).isNotBlank();
    assertThat(liveDeployment("web").getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(RESTARTED_AT, stamp);
    assertThat(liveDeployment("web").getMetadata().getAnnotations())
        .containsEntry(AuditAnnotations.LAST_REQUEST, namespace + "/restart-web");
    operator.awaitEventReasons(
        namespace, "ActionRequest", "restart-web", "AutoApproved", "Executing", "Succeeded");
    operator.awaitEventReasons(
        namespace, "Deployment", "web", "AutoApproved", "Executing", "Succeeded");
  }

  @Test
  void humanApprovedRestartOfAStatefulSetRunsAfterApproval() {
    statefulSet("db", 2, "postgres:17");
    policy(AgentPolicies.forNamespace(namespace).allowWithApproval("restart", "alice").build());

    ActionRequest waiting =
        operator.awaitPhase(
            submit(ActionRequests.restart("db").kind("StatefulSet").build()),
            Phase.AwaitingApproval);
    assertThat(liveStatefulSet("db").getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey(RESTARTED_AT);

    approve(Approvals.approve(waiting, "alice"));
    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);

    assertThat(liveStatefulSet("db").getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(RESTARTED_AT, done.getStatus().execution().restartedAt());
    assertThat(liveStatefulSet("db").getMetadata().getAnnotations())
        .containsEntry(AuditAnnotations.LAST_APPROVERS, "alice");
    operator.awaitEventReasons(
        namespace,
        "ActionRequest",
        "restart-db",
        "AwaitingApproval",
        "Approved",
        "Executing",
        "Succeeded");
  }

  @Test
  void autoApprovedRollbackRestoresThePreviousReplicaSetTemplate() {
    deployWebThroughThreeImages();
    policy(AgentPolicies.forNamespace(namespace).allow("rollback").build());

    ActionRequest done =
        operator.awaitPhase(submit(ActionRequests.rollback("web").build()), Phase.Succeeded);

    assertThat(done.getStatus().execution().revision()).isEqualTo(2L);
    assertThat(image(liveDeployment("web"))).isEqualTo("nginx:1.26");
    operator.awaitEventReasons(
        namespace, "ActionRequest", "rollback-web", "AutoApproved", "Executing", "Succeeded");
  }

  @Test
  void humanApprovedRollbackToANamedRevisionRunsAfterApproval() {
    deployWebThroughThreeImages();
    policy(AgentPolicies.forNamespace(namespace).allowWithApproval("rollback", "alice").build());

    ActionRequest waiting =
        operator.awaitPhase(
            submit(ActionRequests.rollback("web").toRevision(1).build()), Phase.AwaitingApproval);
    assertThat(image(liveDeployment("web"))).isEqualTo("nginx:1.27");

    approve(Approvals.approve(waiting, "alice"));
    ActionRequest done = operator.awaitPhase(waiting, Phase.Succeeded);

    assertThat(done.getStatus().execution().revision()).isEqualTo(1L);
    assertThat(image(liveDeployment("web"))).isEqualTo("nginx:1.25");
  }

  @Test
  void rollbackOfAStatefulSetUsesItsControllerRevisions() {
    statefulSet("db", 2, "postgres:16");
    awaitRevisions(1);
    StatefulSet db = liveStatefulSet("db");
    db.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("postgres:17");
    client.resource(db).update();
    awaitRevisions(2);
    policy(AgentPolicies.forNamespace(namespace).allow("rollback").build());

    ActionRequest done =
        operator.awaitPhase(
            submit(ActionRequests.rollback("db").kind("StatefulSet").build()), Phase.Succeeded);

    assertThat(done.getStatus().execution().revision()).isEqualTo(1L);
    assertThat(
            liveStatefulSet("db")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("postgres:16");
  }

  /** web at nginx:1.25 (revision 1), then 1.26 (revision 2), then 1.27 (revision 3). */
  private void deployWebThroughThreeImages() {
    deployment("web", 3, "nginx:1.25");
    awaitRevisions(1);
    setImage("nginx:1.26");
    awaitRevisions(2);
    setImage("nginx:1.27");
    awaitRevisions(3);
  }

  private void setImage(String image) {
    Deployment web = liveDeployment("web");
    web.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    client.resource(web).update();
  }

  /** Waits until the simulated controllers have created this many ReplicaSets or revisions. */
  private void awaitRevisions(int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.apps().replicaSets().inNamespace(namespace).list().getItems().size()
                        + client
                            .apps()
                            .controllerRevisions()
                            .inNamespace(namespace)
                            .list()
                            .getItems()
                            .size()
                    == count);
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }
}
