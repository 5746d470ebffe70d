package dev.countersign.reconciler;

import dev.countersign.audit.Annotator;
import dev.countersign.audit.EventRecorder;
import dev.countersign.config.CountersignConfig;
import dev.countersign.execution.ActionExecutors;
import dev.countersign.execution.RolloutTracker;
import dev.countersign.execution.Workloads;
import dev.countersign.metrics.RequestMetrics;
import dev.countersign.notification.ChannelCheck;
import dev.countersign.notification.ChannelHealth;
import dev.countersign.notification.Deliveries;
import dev.countersign.policy.Limits;
import dev.countersign.policy.PolicyEvaluator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Builds the operator: its four reconcilers and every part of a request's path (watch → decide →
 * approve → execute → record), from the four things it takes from outside. This is the one place
 * that says how the parts fit together. Quarkus takes its reconcilers from here ({@code
 * dev.countersign.config.OperatorBeans}) and the tests' {@code OperatorHarness} builds the same
 * operator, so what the tests run is what production runs; a new action needs only its {@link
 * dev.countersign.policy.Action} value and its executor ({@link ActionExecutors#forEveryAction}).
 *
 * <p>There is one of each part: one {@link PolicyEvaluator} for decisions and re-checks, one {@link
 * GoverningPolicies} for every read of the policies, one {@link EventRecorder}.
 */
public final class OperatorAssembly implements AutoCloseable {
  private final EventRecorder events;
  private final ActionRequestReconciler actionRequests;
  private final AgentPolicyReconciler agentPolicies;
  private final ApprovalReconciler approvals;
  private final NotificationChannelReconciler channels;
  private final Deliveries deliveries;

  private OperatorAssembly(
      EventRecorder events,
      ActionRequestReconciler actionRequests,
      AgentPolicyReconciler agentPolicies,
      ApprovalReconciler approvals,
      NotificationChannelReconciler channels,
      Deliveries deliveries) {
    this.events = events;
    this.actionRequests = actionRequests;
    this.agentPolicies = agentPolicies;
    this.approvals = approvals;
    this.channels = channels;
    this.deliveries = deliveries;
  }

  /**
   * The operator that acts through {@code client}, with these settings, reading time from {@code
   * clock} and registering its metrics in {@code registry}.
   */
  public static OperatorAssembly assemble(
      KubernetesClient client, CountersignConfig config, Clock clock, MeterRegistry registry) {
    return assemble(
        client,
        config,
        clock,
        registry,
        HttpClient.newBuilder()
            .connectTimeout(config.notifications().timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /**
   * As {@link #assemble(KubernetesClient, CountersignConfig, Clock, MeterRegistry)}, delivering
   * notifications through {@code http} (the JDK's client with the JVM's trust store in production;
   * tests pass one that trusts their own CA).
   */
  public static OperatorAssembly assemble(
      KubernetesClient client,
      CountersignConfig config,
      Clock clock,
      MeterRegistry registry,
      HttpClient http) {
    EventRecorder events = new EventRecorder(client, clock);
    RequestMetrics metrics = new RequestMetrics(registry);
    Annotator annotator = new Annotator(client);
    RequestTransitions transitions = new RequestTransitions(client, events, metrics, clock);
    Workloads workloads = new Workloads(client);
    RequestFactsReader facts = new RequestFactsReader(client, workloads);
    PolicyEvaluator evaluator =
        new PolicyEvaluator(new Limits(config.maxReplicas(), config.requestTtl()));
    GoverningPolicies policies = new GoverningPolicies(client);
    ChannelCheck channelCheck = new ChannelCheck(client, config.notifications().channelNamespace());
    ChannelHealth health = new ChannelHealth();
    Deliveries deliveries =
        new Deliveries(
            client,
            channelCheck,
            workloads,
            http,
            events,
            registry,
            config.notifications(),
            health,
            clock);
    ExecutionGate gate = new ExecutionGate(facts, evaluator, transitions, annotator, config, clock);
    ExecutionStep execution =
        new ExecutionStep(
            workloads,
            ActionExecutors.forEveryAction(workloads),
            new RolloutTracker(),
            transitions,
            annotator,
            new TargetLocks(),
            gate,
            config,
            clock);
    return new OperatorAssembly(
        events,
        new ActionRequestReconciler(
            new DecisionStep(facts, evaluator, transitions, annotator, clock),
            new ApprovalStep(policies, transitions, annotator, config.operatorUsername(), clock),
            execution,
            policies,
            metrics,
            new TerminalRetention(client, config.pruneTerminalAfter(), metrics, clock),
            deliveries),
        new AgentPolicyReconciler(client, events, clock, config.notifications().channelNamespace()),
        new ApprovalReconciler(client, events),
        new NotificationChannelReconciler(client, channelCheck, health, events, clock),
        deliveries);
  }

  /** The ActionRequest reconciler: a request's whole path. */
  public ActionRequestReconciler actionRequests() {
    return actionRequests;
  }

  /** The AgentPolicy reconciler: each policy's Ready condition. */
  public AgentPolicyReconciler agentPolicies() {
    return agentPolicies;
  }

  /** The Approval reconciler: Approvals that can count for nothing. */
  public ApprovalReconciler approvals() {
    return approvals;
  }

  /**
   * The NotificationChannel reconciler: each channel's Ready condition. Register it for {@link
   * NotificationChannelReconciler#namespace()} only.
   */
  public NotificationChannelReconciler notificationChannels() {
    return channels;
  }

  /** Stops delivering notifications and waits (briefly) for the Events still queued. */
  @Override
  public void close() {
    deliveries.close();
    events.close();
  }
}
