package dev.countersign.sandbox;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannelSpec;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.quorum.SpecHash;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import dev.countersign.testkit.sandbox.SandboxKubeconfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The story {@code make run} tells on the embedded API server: an agent's request that policy lets
 * through, one it denies, and one that waits for a human, is approved and runs. It plays the agent
 * and the human by creating their objects; everything else is the real operator. A local webhook
 * receiver hears that the restart waits for alice; last, the agent asks again through the MCP front
 * door ({@link McpAgent}). Then, unless told to exit, the sandbox stays up for plain kubectl, with
 * a kubeconfig for its people.
 */
@ApplicationScoped
public class DemoScenario {
  static final String NAMESPACE = "shop";
  static final String CHANNEL_NAMESPACE = "countersign-system";
  private static final Logger LOG = Logger.getLogger("countersign.demo");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** The samples' agent: the ServiceAccount config/rbac lets file requests in shop. */
  static final String AGENT = "system:serviceaccount:shop:ops-agent";

  /** The tour the sandbox suggests, as the README shows it and SandboxTourIT runs it. */
  static final java.util.List<String> TOUR =
      java.util.List.of(
          "kubectl --context agent-1 create -f config/samples/actionrequest-restart.yaml"
              + "   # the agent asks",
          "kubectl get areq   # the request awaits an approval: its columns say why",
          "kubectl approve restart-web-after-config-change --context alice"
              + "   # alice approves (make install-plugin); it runs");

  private final DemoConfig config;
  private EmbeddedApiServer api;
  private volatile SimulatedWorkloadController controller;
  private volatile DemoReceiver receiver;

  /** The cluster admin's client on the embedded server: the demo sets the scene with it. */
  private KubernetesClient client;

  public DemoScenario(DemoConfig config) {
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      api = SandboxMain.embedded();
      client = api.client();
      Thread.ofVirtual().name("countersign-sandbox").start(this::run);
    }
  }

  /** The simulated workload controller lives as long as the sandbox; it stops with it. */
  void onStop(@Observes ShutdownEvent event) {
    if (controller != null) {
      controller.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private void run() {
    Path kubeconfig;
    try {
      setScene();
      kubeconfig = writeKubeconfig();
      if (config.play()) {
        play();
        say(
            "The demo is over. Countersign ran on an embedded API server; `make run` with a"
                + " reachable cluster in your kubeconfig runs it there instead.");
      }
    } catch (RuntimeException | InterruptedException | java.io.IOException e) {
      LOG.errorf("the demo stopped: %s", e.getMessage());
      Quarkus.asyncExit(1);
      return;
    }
    if (!config.keepRunning()) {
      Quarkus.asyncExit(0);
      return;
    }
    tour(kubeconfig);
  }

  /**
   * What a cluster admin would have installed: the workload, the AgentPolicy and the role bindings
   * of the README (config/samples, config/rbac), and a controller for the workload that keeps
   * running, so that every change approved later, by the demo or by hand, completes.
   */
  private void setScene() throws InterruptedException, java.io.IOException {
    say(
        "Setting the scene: namespace shop, Deployment web (3 replicas), AgentPolicy"
            + " shop-web-agents (config/samples), role bindings (config/rbac).");
    EmbeddedApiServer.apply(client, "samples/workload.yaml");
    controller = new SimulatedWorkloadController(client, NAMESPACE).start();
    receiver = new DemoReceiver();
    say(
        "A local webhook receiver listens on "
            + receiver.url()
            + "; NotificationChannel approvers (type webhook, Standard Webhooks signing key in"
            + " Secret approvers-hook) points at it, and the restart rule notifies it.");
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("approvers-hook")
                .withNamespace(CHANNEL_NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("url", receiver.url(), "signingKey", receiver.secret()))
                .build())
        .create();
    NotificationChannel channel = new NotificationChannel();
    channel.setMetadata(
        new ObjectMetaBuilder().withName("approvers").withNamespace(CHANNEL_NAMESPACE).build());
    channel.setSpec(
        new NotificationChannelSpec(
            NotificationChannelSpec.WEBHOOK,
            new NotificationChannelSpec.SecretRef("approvers-hook"),
            true));
    client.resource(channel).create();
    client.resource(notifyingApprovers(loadPolicy())).create();
    EmbeddedApiServer.apply(client, "rbac/agent-rolebinding.yaml");
    EmbeddedApiServer.apply(client, "rbac/approver-rolebinding.yaml");
    AgentPolicy policy =
        await(
            client.resources(AgentPolicy.class).withName("shop-web-agents"),
            p -> p.getStatus() != null && !p.getStatus().conditions().isEmpty());
    say(
        "AgentPolicy shop-web-agents: Ready="
            + policy.getStatus().conditions().getFirst().getStatus()
            + " ("
            + policy.getStatus().conditions().getFirst().getMessage()
            + ")");
  }

  /** The sandbox's people, each with a token the embedded server issued for that identity. */
  private Path writeKubeconfig() {
    Map<String, UserInfo> contexts = new LinkedHashMap<>();
    contexts.put("admin", Identities.ADMIN);
    contexts.put("agent-1", Identities.named(AGENT));
    contexts.put("alice", Identities.ALICE);
    contexts.put("bob", Identities.BOB);
    return SandboxKubeconfig.write(api, Path.of(config.kubeconfig()), contexts, NAMESPACE)
        .toAbsolutePath();
  }

  private void tour(Path kubeconfig) {
    say(
        "The sandbox keeps running (Ctrl+C stops it): an embedded API server at "
            + api.url()
            + " with the operator and a simulated workload controller. Plain kubectl works on"
            + " it; the kubeconfig has contexts admin (current), agent-1 ("
            + AGENT
            + "), alice (group sre: may approve) and bob (group developers: may not):");
    say("   export KUBECONFIG=" + kubeconfig);
    say("Three commands to try, from the repository's root:");
    for (String line : TOUR) {
      say("   " + line);
    }
  }

  /**
   * The demo's requests are named demo-..., so that the samples' own names stay free for the tour
   * that follows.
   */
  private void play() throws InterruptedException {
    say(
        "1) The agent asks to scale web from 3 to 5 replicas. Policy allows 2..10 without approval.");
    ActionRequest scale = load("samples/actionrequest-scale.yaml");
    scale.getMetadata().setName("demo-scale-web-to-5");
    report(awaitTerminal(create(scale)));

    say("2) The agent asks to scale web to 50 replicas. Policy caps web at 10.");
    ActionRequest tooBig = load("samples/actionrequest-scale.yaml");
    tooBig.getMetadata().setName("demo-scale-web-to-50");
    var spec = tooBig.getSpec();
    tooBig.setSpec(
        new ActionRequestSpec(
            spec.requester(),
            spec.requesterGroups(),
            spec.action(),
            spec.target(),
            new ActionRequestSpec.ScaleParameters(50),
            null,
            null,
            spec.reasoning()));
    report(awaitTerminal(create(tooBig)));

    say("3) The agent asks to restart web. Policy wants one approval from alice or group sre.");
    ActionRequest restart = load("samples/actionrequest-restart.yaml");
    restart.getMetadata().setName("demo-restart-web");
    restart = create(restart);
    ActionRequest waiting = await(request(restart), r -> r.phase() == Phase.AwaitingApproval);
    report(waiting);
    awaitCondition(
        () ->
            !receiver.received().isEmpty()
                && request(waiting).get().getStatus().notifications().stream()
                    .anyMatch(n -> "Sent".equals(n.state())));
    say(
        "   The receiver was told that "
            + waiting.getMetadata().getName()
            + " waits for alice; status.notifications: "
            + request(waiting).get().getStatus().notifications().stream()
                .map(
                    n ->
                        n.channel()
                            + " "
                            + n.event()
                            + " "
                            + n.state()
                            + " after "
                            + n.attempts()
                            + " attempt(s)")
                .toList());
    say(
        "   A human (alice, played by the demo) reads the request and approves it, as `kubectl"
            + " approve "
            + waiting.getMetadata().getName()
            + "` would.");
    Approval approval = new Approval();
    approval.setMetadata(
        new ObjectMetaBuilder()
            .withName(waiting.getMetadata().getName() + "-alice")
            .withNamespace(NAMESPACE)
            .build());
    approval.setSpec(
        new ApprovalSpec(
            new ApprovalSpec.RequestRef(
                waiting.getMetadata().getName(), waiting.getMetadata().getUid()),
            SpecHash.of(waiting.getSpec()),
            ApprovalSpec.APPROVE,
            "alice",
            java.util.List.of("sre"),
            "ConfigMap diff only flips checkout-v2; safe to restart now"));
    api.giveAsApprover(approval);
    report(awaitTerminal(waiting));

    McpAgent.play(api, DemoScenario::say);

    Deployment web = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
    say(
        "Deployment web now: replicas="
            + web.getSpec().getReplicas()
            + ", restartedAt="
            + web.getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt"));
    say(
        "   "
            + AuditAnnotations.LAST_REQUEST
            + "="
            + web.getMetadata().getAnnotations().get(AuditAnnotations.LAST_REQUEST)
            + ", "
            + AuditAnnotations.LAST_AGENT
            + "="
            + web.getMetadata().getAnnotations().get(AuditAnnotations.LAST_AGENT)
            + ", "
            + AuditAnnotations.LAST_APPROVERS
            + "="
            + web.getMetadata().getAnnotations().get(AuditAnnotations.LAST_APPROVERS));
    say("Events in namespace shop:");
    client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getFirstTimestamp())))
        .forEach(
            e ->
                say(
                    "   "
                        + e.getType()
                        + " "
                        + e.getReason()
                        + " "
                        + e.getInvolvedObject().getKind()
                        + "/"
                        + e.getInvolvedObject().getName()
                        + ": "
                        + e.getMessage()));
  }

  /** The sample policy, with the restart rule telling channel approvers that a request waits. */
  private static AgentPolicy notifyingApprovers(AgentPolicy policy) {
    var spec = policy.getSpec();
    var rules =
        spec.rules().stream()
            .map(
                r ->
                    r.approval() == null || !"restart".equals(r.action())
                        ? r
                        : new dev.countersign.api.v1alpha1.agentpolicy.PolicyRule(
                            r.action(),
                            r.effect(),
                            r.scale(),
                            new dev.countersign.api.v1alpha1.agentpolicy.ApprovalRequirement(
                                r.approval().required(),
                                r.approval().minApprovals(),
                                r.approval().approvers(),
                                r.approval().autoApproveWhen(),
                                r.approval().ttl(),
                                java.util.List.of("approvers")),
                            r.rollback()))
            .toList();
    policy.setSpec(
        new dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec(
            spec.subjects(),
            spec.targets(),
            rules,
            spec.requestTTL(),
            spec.budget(),
            spec.cooldown(),
            spec.freezeWindows(),
            spec.mode(),
            spec.outcomeChannels()));
    return policy;
  }

  private AgentPolicy loadPolicy() {
    return client
        .resources(AgentPolicy.class)
        .load(EmbeddedApiServer.resource("samples/agentpolicy.yaml"))
        .item();
  }

  private static void awaitCondition(java.util.function.BooleanSupplier done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("gave up waiting after " + PATIENCE);
      }
      Thread.sleep(100);
    }
  }

  private void report(ActionRequest request) {
    var status = request.getStatus();
    say(
        "   -> "
            + request.getMetadata().getName()
            + ": phase "
            + request.phase()
            + (status.message() == null ? "" : " — " + status.message()));
    if (status.decision() != null) {
      say(
          "      decision: "
              + status.decision().verdict()
              + "; "
              + String.join("; ", status.decision().reasons()));
    }
  }

  private ActionRequest load(String resource) {
    return client.resources(ActionRequest.class).load(EmbeddedApiServer.resource(resource)).item();
  }

  /** Files the request as the agent it names (its own identity, bound to the agent role). */
  private ActionRequest create(ActionRequest request) {
    return api.fileAsRequester(request);
  }

  private io.fabric8.kubernetes.client.dsl.Resource<ActionRequest> request(ActionRequest request) {
    return client
        .resources(ActionRequest.class)
        .inNamespace(NAMESPACE)
        .withName(request.getMetadata().getName());
  }

  private ActionRequest awaitTerminal(ActionRequest request) throws InterruptedException {
    return await(request(request), r -> r.phase().isTerminal());
  }

  private static <T> T await(
      io.fabric8.kubernetes.client.dsl.Resource<T> resource, Predicate<T> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      T current = resource.get();
      if (current != null && done.test(current)) {
        return current;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("gave up waiting after " + PATIENCE);
  }

  static void say(String line) {
    LOG.info("[demo] " + line);
  }
}
