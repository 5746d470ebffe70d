package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.harness.TestConfig;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.FaultInjectingDispatcher;
import dev.countersign.testkit.apiserver.FaultInjectingDispatcher.Call;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs operators under test on an embedded API server wrapped in a {@link
 * FaultInjectingDispatcher}. Unlike {@link LifecycleTestBase}, each test starts (and may stop and
 * restart) its own operators; their clients identify themselves as operators under test, so the
 * faults reach only them, never the test's own client or the simulated workload controllers.
 */
abstract class FaultTestBase {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final AtomicInteger OPERATORS = new AtomicInteger();

  /** Fast retries, so that a test sees several of them, and sees them run out. */
  static final GenericRetry FAST_RETRY =
      new GenericRetry().setInitialInterval(100).setIntervalMultiplier(2).setMaxAttempts(3);

  static EmbeddedApiServer api;
  static FaultInjectingDispatcher faults;
  static KubernetesClient client;

  String namespace;
  SimulatedWorkloadController controllers;
  private final List<Running> running = new ArrayList<>();

  /** An operator under test and its own client (its "process"). */
  record Running(String agent, KubernetesClient client, OperatorHarness operator) {
    void stop() {
      operator.close();
      client.close();
    }
  }

  @BeforeAll
  static void startServer() {
    api = EmbeddedApiServer.start(server -> faults = new FaultInjectingDispatcher(server));
    client = api.client();
  }

  @AfterAll
  static void stopServer() {
    client.close();
    api.close();
  }

  @BeforeEach
  void createNamespace() {
    faults.reset();
    namespace = "fault-" + NAMESPACES.incrementAndGet();
    client.resource(TestWorkloads.namespace(namespace)).create();
    controllers = new SimulatedWorkloadController(client, namespace).start();
  }

  @AfterEach
  void stopEverything() {
    running.forEach(Running::stop);
    running.clear();
    controllers.close();
    faults.reset();
  }

  /**
   * Starts an operator under test with the Fabric8 client's own retries of 5xx answers turned off,
   * so that every injected fault reaches the operator, and with {@link #FAST_RETRY}.
   */
  Running startOperator() {
    return startOperator(0);
  }

  /** As {@link #startOperator()}, with the client retrying 5xx answers this many times. */
  Running startOperator(int clientRetries) {
    return startOperator(clientRetries, TestConfig.defaults());
  }

  /** As {@link #startOperator(int)}, with these settings. */
  Running startOperator(int clientRetries, TestConfig config) {
    String agent = FaultInjectingDispatcher.OPERATOR_AGENT + OPERATORS.incrementAndGet();
    KubernetesClient own =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withOauthToken(api.token(Identities.OPERATOR))
                    .withUserAgent(agent)
                    .withRequestRetryBackoffLimit(clientRetries)
                    .withRequestRetryBackoffInterval(50)
                    .build())
            .build();
    Running started = new Running(agent, own, OperatorHarness.start(api, own, config, FAST_RETRY));
    running.add(started);
    return started;
  }

  /** Waits until the operator has "crashed" at its fault, then stops what is left of it. */
  void awaitCrashAndStop(Running operator) {
    await().atMost(Duration.ofSeconds(20)).until(() -> faults.hasCrashed(operator.agent()));
    operator.stop();
    running.remove(operator);
  }

  Deployment deployment(String name, int replicas, String image) {
    return client.resource(TestWorkloads.deployment(namespace, name, replicas, image)).create();
  }

  Deployment liveDeployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** Waits until the simulated controller has given the Deployment this many ReplicaSets. */
  void awaitReplicaSets(int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.apps().replicaSets().inNamespace(namespace).list().getItems().size()
                    == count);
  }

  void setImage(String name, String image) {
    Deployment web = liveDeployment(name);
    web.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    client.resource(web).update();
  }

  /** Reports every Deployment's rollout in the namespace complete, as the controller would. */
  void finishRollouts() {
    controllers.finishRollouts();
  }

  void policy(AgentPolicy policy) {
    client.resource(policy).create();
  }

  /** Files the request as its requester would: with the requester's identity and agent role. */
  ActionRequest submit(ActionRequest request) {
    request.getMetadata().setNamespace(namespace);
    return api.fileAsRequester(request);
  }

  ActionRequest live(ActionRequest request) {
    return client
        .resources(ActionRequest.class)
        .inNamespace(namespace)
        .withName(request.getMetadata().getName())
        .get();
  }

  /** Waits (read by the test's own client) until the request reaches the phase. */
  ActionRequest awaitPhase(ActionRequest request, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(live(request).phase())
                    .as(
                        "phase of %s (status %s)",
                        request.getMetadata().getName(), live(request).getStatus())
                    .isEqualTo(phase));
    return live(request);
  }

  /** The path of a Deployment in this namespace, as a regex (with its scale subresource). */
  String deploymentPath(String name) {
    return Pattern.quote("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name)
        + "(/scale)?";
  }

  /** The path of an ActionRequest, as a regex. */
  String requestPath(String request) {
    return Pattern.quote(
        "/apis/countersign.dev/v1alpha1/namespaces/" + namespace + "/actionrequests/" + request);
  }

  /** The path of an ActionRequest's status, as a regex. */
  String statusPath(String request) {
    return requestPath(request) + Pattern.quote("/status");
  }

  /** Whether a body changes a workload's spec (the audit annotations touch only metadata). */
  static boolean changesSpec(String body) {
    return body.contains("\"spec\"") || body.contains("/spec/");
  }

  /** The operators' writes to the Deployment's spec that reached the store and succeeded. */
  List<Call> workloadChanges(String name) {
    Pattern path = Pattern.compile(deploymentPath(name));
    return faults.calls(
        c ->
            c.fromOperator()
                && c.landed()
                && (c.method().equals("PATCH") || c.method().equals("PUT"))
                && path.matcher(c.path()).matches()
                && changesSpec(c.body()));
  }

  /** The Events on the request. */
  List<Event> events(ActionRequest request) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "ActionRequest".equals(e.getInvolvedObject().getKind()))
        .filter(e -> request.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Nothing a failing API call says (exception names, stack frames) reaches status or Events. */
  void assertNoErrorDetailIn(ActionRequest request) {
    ActionRequest current = live(request);
    List<String> texts = new ArrayList<>();
    texts.add(current.getStatus().message());
    current.getStatus().conditions().forEach(c -> texts.add(c.getMessage()));
    events(request).forEach(e -> texts.add(e.getMessage()));
    assertThat(texts)
        .allSatisfy(
            text ->
                assertThat(String.valueOf(text))
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ")
                    .doesNotContain("Failure executing")
                    .doesNotContain("injected fault"));
  }
}
