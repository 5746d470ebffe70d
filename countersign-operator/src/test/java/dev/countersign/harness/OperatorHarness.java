package dev.countersign.harness;

import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.config.CountersignConfig;
import dev.countersign.reconciler.OperatorAssembly;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real reconcilers, built by {@link OperatorAssembly} as the packaged operator builds them,
 * running in a JOSDK {@link Operator} against the embedded API server.
 */
public final class OperatorHarness implements AutoCloseable {
  private final KubernetesClient client;
  private final KubernetesClient observer;
  private final Operator operator;
  private final OperatorAssembly parts;
  private final SimpleMeterRegistry meters;

  private OperatorHarness(
      KubernetesClient client,
      KubernetesClient observer,
      Operator operator,
      OperatorAssembly parts,
      SimpleMeterRegistry meters) {
    this.client = client;
    this.observer = observer;
    this.operator = operator;
    this.parts = parts;
    this.meters = meters;
  }

  /** The metrics this operator registered. */
  public SimpleMeterRegistry meters() {
    return meters;
  }

  /** The real operator on this server, as the chart's ServiceAccount with the chart's RBAC. */
  public static OperatorHarness start(EmbeddedApiServer api) {
    return start(api, TestConfig.defaults());
  }

  public static OperatorHarness start(EmbeddedApiServer api, CountersignConfig config) {
    return start(api, api.clientAs(Identities.OPERATOR), config, null, null, null);
  }

  /** The real operator, delivering notifications through {@code http} (e.g. trusting a test CA). */
  public static OperatorHarness start(
      EmbeddedApiServer api, CountersignConfig config, java.net.http.HttpClient http) {
    return start(api, api.clientAs(Identities.OPERATOR), config, null, null, http);
  }

  /**
   * As {@link #start(EmbeddedApiServer, CountersignConfig)}, on a client of the caller's (it must
   * authenticate as {@link Identities#OPERATOR}; the harness closes it), with the ActionRequest
   * controller's retry on exceptions replaced by {@code retry} (null: JOSDK's default).
   */
  public static OperatorHarness start(
      EmbeddedApiServer api, KubernetesClient client, CountersignConfig config, Retry retry) {
    return start(api, client, config, retry, null, null);
  }

  /**
   * An operator that reconciles only while it holds the Lease {@code leaseName} in {@code
   * leaseNamespace}, as {@code identity}; with short durations, so a failover takes about two
   * seconds. Losing the lease stops its processing instead of exiting the JVM.
   */
  public static OperatorHarness startElecting(
      EmbeddedApiServer api,
      KubernetesClient client,
      String leaseNamespace,
      String leaseName,
      String identity) {
    return startElecting(api, client, leaseNamespace, leaseName, identity, null);
  }

  /** As above, delivering notifications through {@code http}. */
  public static OperatorHarness startElecting(
      EmbeddedApiServer api,
      KubernetesClient client,
      String leaseNamespace,
      String leaseName,
      String identity,
      java.net.http.HttpClient http) {
    return start(
        api,
        client,
        TestConfig.defaults(),
        null,
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
            .withLeaseNamespace(leaseNamespace)
            .withIdentity(identity)
            .withLeaseDuration(LEASE_DURATION)
            .withRenewDeadline(RENEW_DEADLINE)
            .withRetryPeriod(RETRY_PERIOD)
            .withExitOnStopLeading(false)
            .build(),
        http);
  }

  /** Short lease timings for tests: a new leader within about lease + retry after a stop. */
  public static final Duration LEASE_DURATION = Duration.ofMillis(1500);

  public static final Duration RENEW_DEADLINE = Duration.ofMillis(1000);
  public static final Duration RETRY_PERIOD = Duration.ofMillis(200);

  private static OperatorHarness start(
      EmbeddedApiServer api,
      KubernetesClient client,
      CountersignConfig config,
      Retry retry,
      LeaderElectionConfiguration election,
      java.net.http.HttpClient http) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OperatorAssembly parts =
        http == null
            ? OperatorAssembly.assemble(client, config, Clock.systemUTC(), meters)
            : OperatorAssembly.assemble(client, config, Clock.systemUTC(), meters, http);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Stopping should not wait long for a reconciliation stuck on a dead server.
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(2));
              if (election != null) {
                o.withLeaderElectionConfiguration(election);
              }
            });
    operator.register(
        parts.actionRequests(),
        overrides -> {
          if (retry != null) {
            overrides.withRetry(retry);
          }
        });
    operator.register(parts.agentPolicies());
    operator.register(parts.approvals());
    operator.register(
        parts.notificationChannels(),
        overrides -> overrides.settingNamespaces(parts.notificationChannels().namespace()));
    operator.start();
    return new OperatorHarness(client, api.client(), operator, parts, meters);
  }

  /** Waits until the request reaches the phase, and returns it as it is then. */
  /**
   * The request as the operator's informer holds it in its cache (absent if it has not seen it).
   */
  @SuppressWarnings("unchecked")
  public java.util.Optional<ActionRequest> cached(ActionRequest request) {
    var controller =
        (io.javaoperatorsdk.operator.processing.Controller<ActionRequest>)
            operator
                .getRegisteredController(dev.countersign.reconciler.ActionRequestReconciler.NAME)
                .orElseThrow();
    return controller
        .getEventSourceManager()
        .getControllerEventSource()
        .get(io.javaoperatorsdk.operator.processing.event.ResourceID.fromResource(request));
  }

  public ActionRequest awaitPhase(ActionRequest request, Phase phase) {
    var resource =
        observer
            .resources(ActionRequest.class)
            .inNamespace(request.getMetadata().getNamespace())
            .withName(request.getMetadata().getName());
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                org.assertj.core.api.Assertions.assertThat(resource.get().phase())
                    .as(
                        "phase of %s (status %s)",
                        request.getMetadata().getName(), resource.get().getStatus())
                    .isEqualTo(phase));
    return resource.get();
  }

  /** The Events recorded on the named object in the namespace, oldest first. */
  public List<Event> events(String namespace, String kind, String name) {
    return observer.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(java.util.Comparator.comparing(Event::getFirstTimestamp))
        .toList();
  }

  /**
   * Waits until the Events on the named object have exactly these reasons, in order. Events are
   * written just after the status they describe, so a test that has seen the status waits for them.
   */
  public void awaitEventReasons(String namespace, String kind, String name, String... reasons) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                org.assertj.core.api.Assertions.assertThat(eventReasons(namespace, kind, name))
                    .as(
                        "events on %s %s; all events: %s",
                        kind,
                        name,
                        observer.v1().events().inNamespace(namespace).list().getItems().stream()
                            .map(
                                e ->
                                    e.getInvolvedObject().getKind()
                                        + "/"
                                        + e.getInvolvedObject().getName()
                                        + ":"
                                        + e.getReason())
                            .toList())
                    .containsExactly(reasons));
  }

  /** The reasons of the Events on the named object. */
  public List<String> eventReasons(String namespace, String kind, String name) {
    return events(namespace, kind, name).stream().map(Event::getReason).toList();
  }

  @Override
  public void close() {
    parts.close();
    operator.stop();
    client.close();
  }
}
