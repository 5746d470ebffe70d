package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.harness.WithoutApiServerValidation;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Runs the real reconcilers against the Fabric8 mock server in CRUD mode. Each test gets its own
 * namespace (and AgentPolicies that only govern it). The mock server runs no controllers, so a
 * {@link SimulatedWorkloadController} stands in for the deployment and statefulset controllers: it
 * creates ReplicaSets / ControllerRevisions and reports rollouts complete.
 */
abstract class LifecycleTestBase {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static EmbeddedApiServer api;
  static KubernetesClient client;
  static OperatorHarness operator;

  String namespace;
  SimulatedWorkloadController controllers;

  @BeforeAll
  static void startOperator(TestInfo test) {
    boolean lenient =
        test.getTestClass()
            .map(c -> c.isAnnotationPresent(WithoutApiServerValidation.class))
            .orElse(false);
    api =
        EmbeddedApiServer.start(
            lenient
                ? ServerOptions.defaults().withoutApiServerValidation()
                : ServerOptions.defaults());
    client = api.client();
    operator = OperatorHarness.start(api);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
    client.close();
    api.close();
  }

  @BeforeEach
  void createNamespace() {
    namespace = "test-" + NAMESPACES.incrementAndGet();
    client.resource(TestWorkloads.namespace(namespace)).create();
    controllers = new SimulatedWorkloadController(client, namespace).start();
  }

  @AfterEach
  void stopControllers() {
    controllers.close();
  }

  Deployment deployment(String name, int replicas, String image) {
    return client.resource(TestWorkloads.deployment(namespace, name, replicas, image)).create();
  }

  StatefulSet statefulSet(String name, int replicas, String image) {
    return client.resource(TestWorkloads.statefulSet(namespace, name, replicas, image)).create();
  }

  Deployment liveDeployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  StatefulSet liveStatefulSet(String name) {
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  void policy(AgentPolicy policy) {
    client.resource(policy).create();
  }

  /** Files the request as its requester would: with the requester's identity and agent role. */
  ActionRequest submit(ActionRequest request) {
    request.getMetadata().setNamespace(namespace);
    return api.fileAsRequester(request);
  }

  /** Gives the Approval as its approver would: with the approver's identity and role. */
  void approve(Approval approval) {
    api.giveAsApprover(approval);
  }
}
