package dev.countersign.config;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.ScaleParameters;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.TargetRef;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.api.v1alpha1.agentpolicy.ScaleLimits;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.agentpolicy.Targets;
import dev.countersign.policy.Limits;
import dev.countersign.policy.PolicyEvaluator;
import dev.countersign.policy.PolicyIndex;
import dev.countersign.policy.PolicySnapshot;
import dev.countersign.policy.RequestFacts;
import dev.countersign.policy.TargetFacts;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness means ready to decide fast: before the pod reports ready, the operator decides a few
 * hundred made-up requests offline, through the same evaluator and the same JSON mapper its client
 * reads watch events and targets and writes statuses and Events with, then makes a decision's API
 * calls a few hundred times where the API server can only answer Not Found ({@link ApiWarmUp}:
 * nothing in the cluster is read or written), so that the first real requests do not pay for class
 * loading, the interpreter and new connections, and then collects its garbage once (see {@link
 * #settle}). A JVM's first seconds are otherwise slow enough to put the first requests over a
 * second (measured by {@code make bench}).
 */
@Readiness
@ApplicationScoped
public class DecisionWarmUp implements HealthCheck {
  /** Enough for C1 to compile the hot paths (its thresholds are a few hundred invocations). */
  static final int ROUNDS = 500;

  /** The longest the API calls may take: a slow API server makes readiness later, not never. */
  static final Duration API_DEADLINE = Duration.ofSeconds(20);

  private static final Logger LOG = Logger.getLogger(DecisionWarmUp.class);
  private static final String NAME = "countersign decision warm-up";

  /** One of each kind a request can target, with the pod template they all carry. */
  static final List<HasMetadata> WORKLOADS =
      List.of(
          new DeploymentBuilder()
              .withMetadata(workloadMetadata())
              .withNewSpec()
              .withReplicas(2)
              .withNewSelector()
              .withMatchLabels(Map.of("app", "web"))
              .endSelector()
              .withTemplate(podTemplate())
              .endSpec()
              .withNewStatus()
              .withReplicas(2)
              .withReadyReplicas(2)
              .withUpdatedReplicas(2)
              .withObservedGeneration(1L)
              .endStatus()
              .build(),
          new StatefulSetBuilder()
              .withMetadata(workloadMetadata())
              .withNewSpec()
              .withReplicas(2)
              .withServiceName("web")
              .withNewSelector()
              .withMatchLabels(Map.of("app", "web"))
              .endSelector()
              .withTemplate(podTemplate())
              .endSpec()
              .withNewStatus()
              .withReplicas(2)
              .withReadyReplicas(2)
              .withCurrentRevision("web-1")
              .endStatus()
              .build());

  private final KubernetesSerialization serialization;
  private final ApiWarmUp api;
  private final int apiRounds;
  private final AtomicInteger apiAnswers = new AtomicInteger();
  private final PolicyEvaluator evaluator;
  private final Clock clock;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong tookMillis = new AtomicLong(-1);

  DecisionWarmUp(KubernetesClient client, CountersignConfig config, Clock clock) {
    this.serialization = client.getKubernetesSerialization();
    this.api = new ApiWarmUp(client);
    this.apiRounds = config.warmUpApiRounds();
    this.evaluator = new PolicyEvaluator(new Limits(config.maxReplicas(), config.requestTtl()));
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent start) {
    Thread.ofPlatform().name("countersign-warm-up").daemon().start(this::run);
  }

  @Override
  public HealthCheckResponse call() {
    long took = tookMillis.get();
    return took < 0
        ? HealthCheckResponse.named(NAME)
            .down()
            .withData("decided", done.get())
            .withData("of", ROUNDS)
            .build()
        : HealthCheckResponse.named(NAME)
            .up()
            .withData("decided", done.get())
            .withData("apiAnswers", apiAnswers.get())
            .withData("milliseconds", took)
            .build();
  }

  /**
   * Decides {@link #ROUNDS} made-up requests, then makes the API calls; a failure is logged and
   * never blocks readiness.
   */
  void run() {
    long start = System.nanoTime();
    try {
      PolicyIndex policies = PolicyIndex.of(List.of(policy()));
      for (int i = 0; i < ROUNDS; i++) {
        decideOnce(policies, i);
        done.incrementAndGet();
      }
      callApiServer();
      settle();
    } catch (RuntimeException e) {
      LOG.warnf("the decision warm-up stopped early (readiness is not held back): %s", e);
    } finally {
      tookMillis.set(Duration.ofNanos(System.nanoTime() - start).toMillis());
    }
  }

  private void callApiServer() {
    if (apiRounds <= 0) {
      return;
    }
    ApiWarmUp.Answers answers = api.run(apiRounds, API_DEADLINE);
    apiAnswers.set(answers.total());
    if (answers.stoppedBecause() != null) {
      LOG.warnf(
          "the warm-up's API calls stopped early because %s, after %d answers %s (readiness is"
              + " not held back; the first requests may be slower)",
          answers.stoppedBecause(), answers.total(), answers.byCode());
    } else {
      LOG.infof(
          "the warm-up made %d rounds of a decision's API calls in namespace %s, which cannot"
              + " exist; answers by HTTP status: %s",
          apiRounds, ApiWarmUp.NOWHERE, answers.byCode());
    }
  }

  /**
   * One full collection before the pod reports ready. Start-up and the warm-up compile most of the
   * operator's code; once the code compiled since the last collection passes a share of the code
   * cache ({@code -XX:SweeperThreshold}, 15 %), the JVM runs a collection to unload old code, and
   * with the image's serial collector that is a full one. Left to itself it came about 1.7 s into
   * the load and held decisions up by up to 200 ms ({@code make bench}, "Pause Full (CodeCache GC
   * Threshold)" in the GC log); taken here, it costs the same before anyone waits on it, and the
   * count of compiled code starts again from zero.
   */
  @SuppressWarnings("java:S1215") // an explicit collection is the point: see above
  private static void settle() {
    System.gc();
  }

  private void decideOnce(PolicyIndex policies, int i) {
    ActionRequest request = request(i);
    // What a watch event and a status write cost: JSON in, JSON out.
    ActionRequest read =
        serialization.unmarshal(serialization.asJson(request), ActionRequest.class);
    RequestFacts facts =
        new RequestFacts(
            "warm-up",
            Map.of(),
            read.getSpec(),
            new TargetFacts(true, "Deployment", "web", Map.of(), 2, null, List.of()),
            List.of());
    Decision decision = evaluator.evaluate(facts, policies, clock.instant());
    read.setStatus(
        ActionRequestStatus.empty()
            .withDecision(decision)
            .withPhase(Phase.Evaluated, "dry run: " + decision.explanation()));
    serialization.unmarshal(serialization.asJson(read), ActionRequest.class);
    // What the decision reads from the cluster (its target) and writes besides the status (its
    // Event): the first reading of a Deployment builds Jackson's readers for the whole pod
    // template, which alone held the first real decision up for most of a second.
    serialization.unmarshal(serialization.asJson(WORKLOADS.get(i % WORKLOADS.size())));
    serialization.unmarshal(serialization.asJson(event(i)), Event.class);
  }

  private static ObjectMeta workloadMetadata() {
    return new ObjectMetaBuilder()
        .withName("web")
        .withNamespace("warm-up")
        .withLabels(Map.of("app", "web"))
        .withAnnotations(Map.of("deployment.kubernetes.io/revision", "1"))
        .withGeneration(1L)
        .build();
  }

  private static PodTemplateSpec podTemplate() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", "web"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("registry.example/web:1.0")
        .addNewPort()
        .withContainerPort(8080)
        .endPort()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("100m")))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/ready")
        .withNewPort(8080)
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .build();
  }

  private static Event event(int i) {
    return new EventBuilder()
        .withNewMetadata()
        .withGenerateName("warm-up-" + i + ".")
        .withNamespace("warm-up")
        .withAnnotations(Map.of("countersign.dev/reasons", "ScaleWithinLimits"))
        .endMetadata()
        .withNewInvolvedObject()
        .withKind("ActionRequest")
        .withName("warm-up-" + i)
        .withNamespace("warm-up")
        .endInvolvedObject()
        .withReason("Evaluated")
        .withMessage("dry run: warm-up")
        .withType("Normal")
        .withCount(1)
        .build();
  }

  private static ActionRequest request(int i) {
    ActionRequest request = new ActionRequest();
    request.setMetadata(
        new ObjectMetaBuilder().withName("warm-up-" + i).withNamespace("warm-up").build());
    request.setSpec(
        new ActionRequestSpec(
            "system:serviceaccount:warm-up:agent",
            List.of(),
            "scale",
            new TargetRef("Deployment", "web"),
            // one in ten over the limit, so the denial's path warms up too
            new ScaleParameters(i % 10 == 0 ? 50 : 3),
            null,
            Boolean.TRUE,
            new Reasoning("warm-up", List.of("none"), List.of("none"), 0.5, "none")));
    return request;
  }

  private static PolicySnapshot policy() {
    return new PolicySnapshot(
        "warm-up",
        1,
        new AgentPolicySpec(
            new Subjects(List.of(new Subjects.ServiceAccountRef("warm-up", "agent")), null, null),
            new Targets(List.of("warm-up"), null, null, null, null),
            List.of(new PolicyRule("scale", "Allow", new ScaleLimits(1, 10), null)),
            null));
  }
}
