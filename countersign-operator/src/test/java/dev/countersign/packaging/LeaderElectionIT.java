package dev.countersign.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.LeaderLease;
import dev.countersign.image.OperatorJvm;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator (target/quarkus-app, as the image runs it), two processes with the chart's
 * environment and the chart's RBAC on the strict embedded API server: they elect one leader and
 * renew its Lease; a leader killed mid-execution is replaced and the change is applied exactly
 * once; a leader sent SIGTERM exits within seconds and hands the Lease over, so the other leads at
 * once rather than when the Lease expires.
 */
class LeaderElectionIT {
  private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final String NS = "election";

  /** Long enough that a handover is told apart from an expiry. */
  private static final Duration LEASE_DURATION = Duration.ofSeconds(8);

  private final AtomicInteger restartPatches = new AtomicInteger();

  /** When set (System.nanoTime), no Event creation is answered before then. */
  private volatile long eventsAnsweredFrom;

  private EmbeddedApiServer api;
  private KubernetesClient admin;
  private SimulatedWorkloadController controller;
  private final Map<String, Process> processes = new LinkedHashMap<>();

  @BeforeEach
  void aServerWithAWorkloadAndAPolicy() {
    api = EmbeddedApiServer.start(ServerOptions.defaults().around(this::countingRestarts));
    admin = api.client();
    admin.resource(TestWorkloads.namespace(NS)).create();
    controller = new SimulatedWorkloadController(admin, NS).start();
    admin.resource(TestWorkloads.deployment(NS, "web", 3, "nginx:1.27")).create();
    admin
        .resource(AgentPolicies.forNamespace(NS).allowWithApproval("restart", "alice").build())
        .create();
  }

  @AfterEach
  void stopEverything() {
    processes.values().forEach(Process::destroyForcibly);
    controller.close();
    api.close();
  }

  @Test
  void aKilledLeaderIsReplacedAndTheChangeIsAppliedOnce() throws Exception {
    Process a = start("operator-a");
    Process b = start("operator-b");
    String first = awaitLeader(Duration.ofSeconds(60));
    Process leader = first.equals("operator-a") ? a : b;
    String follower = first.equals("operator-a") ? "operator-b" : "operator-a";

    controller.setRolloutsComplete(false);
    ActionRequest restart = api.fileAsRequester(ActionRequests.restart("web").in(NS).build());
    ActionRequest waiting = awaitPhase(restart, Phase.AwaitingApproval);
    api.giveAsApprover(Approvals.approve(waiting, "alice"));
    awaitPhase(restart, Phase.Executing);

    leader.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(awaitLeader(LEASE_DURATION.multipliedBy(3))).isEqualTo(follower);
    controller.finishRollouts();

    assertThat(awaitPhase(restart, Phase.Succeeded).getStatus().execution().restartedAt())
        .isNotBlank();
    assertThat(restartPatches.get()).as("restart patches applied to Deployment web").isEqualTo(1);
  }

  @Test
  void aLeaderSentSigtermExitsWithinFiveSecondsAndHandsTheLeaseOver() throws Exception {
    Process a = start("operator-a");
    Process b = start("operator-b");
    String first = awaitLeader(Duration.ofSeconds(60));
    Process leader = first.equals("operator-a") ? a : b;
    String follower = first.equals("operator-a") ? "operator-b" : "operator-a";

    assertThat(startLog("operator-a") + startLog("operator-b"))
        .as("a clean start of two replicas logs no warning, error or stack trace")
        .doesNotContain(" WARN ", " ERROR ", "WARNING:", "Exception", "\tat ");

    long sent = System.nanoTime();
    leader.destroy(); // SIGTERM, as the kubelet sends it
    boolean exited = leader.waitFor(5, TimeUnit.SECONDS);
    Duration exitTook = Duration.ofNanos(System.nanoTime() - sent);
    String next = awaitLeader(LEASE_DURATION.dividedBy(2));
    Duration leadTook = Duration.ofNanos(System.nanoTime() - sent);

    System.out.printf(
        "SIGTERM to the leader: exited after %d ms; %s leads after %d ms (Lease duration %d"
            + " ms)%n",
        exitTook.toMillis(), next, leadTook.toMillis(), LEASE_DURATION.toMillis());
    assertThat(exited).as("the leader exited within 5 s of SIGTERM").isTrue();
    assertThat(next).isEqualTo(follower);
    assertThat(leadTook).isLessThan(LEASE_DURATION);
  }

  @Test
  void eventsStillQueuedWhenSigtermArrivesAreWrittenBeforeTheOperatorExits() throws Exception {
    Process operator = start("operator-a");
    awaitLeader(Duration.ofSeconds(60));
    // No Event creation is answered until a second after SIGTERM, so each of the recorder's writers
    // (fewer than the requests) has sent one and holds the rest queued when SIGTERM comes, however
    // fast or slow this machine is. The server stores an Event when it arrives, not when it
    // answers.
    long sigtermAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    eventsAnsweredFrom = sigtermAt + TimeUnit.SECONDS.toNanos(1);
    List<ActionRequest> filed = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      filed.add(
          api.fileAsRequester(ActionRequests.restart("web").in(NS).named("queued-" + i).build()));
    }
    for (ActionRequest request : filed) {
      awaitPhase(request, Phase.AwaitingApproval);
    }
    long early = sigtermAt - System.nanoTime();
    assertThat(early)
        .as("the requests reached AwaitingApproval before SIGTERM was due")
        .isPositive();
    TimeUnit.NANOSECONDS.sleep(early);
    int writtenBeforeSigterm = eventsAbout("queued-");

    operator.destroy(); // SIGTERM: the Events queued behind the slow writes are still owed
    assertThat(operator.waitFor(20, TimeUnit.SECONDS)).as("the operator exited").isTrue();

    assertThat(writtenBeforeSigterm).as("Events were still queued at SIGTERM").isLessThan(12);
    assertThat(eventsAbout("queued-"))
        .as("every request's AwaitingApproval Event, written before the client closed")
        .isEqualTo(12);
    assertThat(startLog("operator-a")).doesNotContain("Client is closed");
  }

  private int eventsAbout(String prefix) {
    return (int)
        admin.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> "ActionRequest".equals(e.getInvolvedObject().getKind()))
            .filter(e -> e.getInvolvedObject().getName().startsWith(prefix))
            .filter(e -> "AwaitingApproval".equals(e.getReason()))
            .count();
  }

  @Test
  void aReplicaWhoseLeaseRightsWereRemovedRefusesToStartAndSaysWhich() throws Exception {
    admin
        .rbac()
        .roleBindings()
        .inNamespace(LeaderLease.NAMESPACE)
        .withName("countersign-leader-election")
        .delete();

    Process lonely = start("operator-a");

    assertThat(lonely.waitFor(60, TimeUnit.SECONDS)).as("the replica gave up").isTrue();
    assertThat(lonely.exitValue()).isNotZero();
    assertThat(Files.readString(Path.of("target", "leader-election-operator-a.log")))
        .contains(
            "No permission to lease resource. in namespace: countersign-system; missing required"
                + " verbs: [create, update, get]");
  }

  private static String startLog(String hostname) throws IOException {
    return Files.readString(Path.of("target", "leader-election-" + hostname + ".log"));
  }

  /** Starts the packaged operator as the chart runs it: its ServiceAccount, leader election on. */
  private Process start(String hostname) throws IOException {
    assertThat(APP).as("the packaged operator (run by failsafe after package)").isRegularFile();
    Path log = Path.of("target", "leader-election-" + hostname + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOSTNAME", hostname);
    env.put("POD_NAMESPACE", LeaderLease.NAMESPACE);
    env.put("SERVICE_ACCOUNT_NAME", "countersign");
    env.put("QUARKUS_HTTP_PORT", "0");
    env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", api.url());
    env.put("QUARKUS_KUBERNETES_CLIENT_TOKEN", api.token(Identities.OPERATOR));
    env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
    env.put("COUNTERSIGN_LEADER_ELECTION_ENABLED", "true");
    env.put("COUNTERSIGN_LEADER_ELECTION_LEASE_NAME", LeaderLease.NAME);
    env.put("COUNTERSIGN_LEADER_ELECTION_LEASE_DURATION", LEASE_DURATION.toSeconds() + "s");
    env.put("COUNTERSIGN_LEADER_ELECTION_RENEW_DEADLINE", "5s");
    env.put("COUNTERSIGN_LEADER_ELECTION_RETRY_PERIOD", "500ms");
    env.put("COUNTERSIGN_POLL_INTERVAL", "200ms");
    Process process = builder.start();
    processes.put(hostname, process);
    return process;
  }

  /** The image's command line: its JVM flags, then the packaged operator. */
  private static List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(OperatorJvm.FLAGS);
    command.add(OperatorJvm.CHART_MEMORY_LIMIT);
    command.addAll(List.of("-jar", APP.toAbsolutePath().toString()));
    return command;
  }

  /** The holder of the Lease once one holds it, within the time given. */
  private String awaitLeader(Duration within) {
    String[] holder = new String[1];
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String who = LeaderLease.holder(admin);
              holder[0] = who;
              return who != null && isAlive(who);
            });
    return holder[0];
  }

  private boolean isAlive(String hostname) {
    Process process = processes.get(hostname);
    return process != null && process.isAlive();
  }

  private ActionRequest awaitPhase(ActionRequest request, Phase phase) {
    var resource =
        admin
            .resources(ActionRequest.class)
            .inNamespace(NS)
            .withName(request.getMetadata().getName());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> resource.get().phase() == phase);
    return resource.get();
  }

  /** Counts the writes that stamp a restart on Deployment web (Countersign's, not the test's). */
  private Dispatcher countingRestarts(Dispatcher store) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        // Read before the store does: it consumes the body.
        String body =
            request.getBody() == null
                ? ""
                : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        MockResponse response = store.dispatch(request);
        if ("POST".equals(request.getMethod())
            && request.getPath().startsWith("/api/v1/namespaces/" + NS + "/events")
            && eventsAnsweredFrom != 0) {
          long wait = TimeUnit.NANOSECONDS.toMillis(eventsAnsweredFrom - System.nanoTime());
          if (wait >= 1) { // Vert.x refuses a timer under 1 ms: such an answer would never come
            response.setBodyDelay(Duration.ofMillis(wait));
          }
        }
        if ("PATCH".equals(request.getMethod())
            && request.getPath().startsWith("/apis/apps/v1/namespaces/" + NS + "/deployments/web")
            && body.contains("kubectl.kubernetes.io/restartedAt")
            && response.code() / 100 == 2) {
          restartPatches.incrementAndGet();
        }
        return response;
      }
    };
  }
}
