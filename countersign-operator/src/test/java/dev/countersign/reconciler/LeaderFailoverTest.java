package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.Approvals;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.LeaderLease;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operators on one API server, electing a leader through a Lease: only the leader writes
 * anything; when it stops, the other takes over the requests it left (one waiting for approval, one
 * created while nobody led) and applies each change exactly once.
 */
class LeaderFailoverTest {
  private static final String NS = "failover";

  /** The chart grants the operator leases in its own namespace only. */
  private EmbeddedApiServer server;

  private String url;
  private KubernetesClient admin;
  private final Map<String, Instance> instances = new java.util.LinkedHashMap<>();
  private SimulatedWorkloadController controller;

  /** One operator process: its own client, whose every write is recorded. */
  private static final class Instance implements AutoCloseable {
    final String identity;
    final KubernetesClient client;
    final ConcurrentLinkedQueue<String> writes = new ConcurrentLinkedQueue<>();
    OperatorHarness operator;

    Instance(String identity, String url, String token) {
      this.identity = identity;
      Interceptor recorder =
          new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
              if (!"GET".equals(request.method())) {
                writes.add(request.method() + " " + request.uri().getPath());
              }
            }
          };
      this.client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                      .withMasterUrl(url)
                      .withTrustCerts(true)
                      .withOauthToken(token)
                      .build())
              .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("writes", recorder))
              .build();
    }

    /** Writes other than taking or renewing the lease (and the startup permission check). */
    List<String> workWrites() {
      return writes.stream()
          .filter(w -> !w.contains("/leases"))
          .filter(w -> !w.contains("selfsubjectrulesreviews"))
          .filter(w -> !w.contains("customresourcedefinitions"))
          .toList();
    }

    long scaleWrites(String workload) {
      return writes.stream().filter(w -> w.endsWith("/deployments/" + workload + "/scale")).count();
    }

    @Override
    public void close() {
      if (operator != null) {
        operator.close();
        operator = null;
      }
      client.close();
    }
  }

  @BeforeEach
  void twoOperatorsAndOneLease() {
    server = EmbeddedApiServer.start();
    url = server.url();
    admin = server.client();
    admin.resource(TestWorkloads.namespace(NS)).create();
    controller = new SimulatedWorkloadController(admin, NS).start();
    admin.resource(TestWorkloads.deployment(NS, "web", 3, "nginx:1.27")).create();
    admin.resource(TestWorkloads.deployment(NS, "api", 2, "nginx:1.27")).create();
    admin
        .resource(
            AgentPolicies.forNamespace(NS)
                .allowScale(0, 10)
                .allowWithApproval("restart", "alice")
                .build())
        .create();
    for (String identity : List.of("operator-a", "operator-b")) {
      Instance instance = new Instance(identity, url, server.token(Identities.OPERATOR));
      instance.operator =
          OperatorHarness.startElecting(
              server, instance.client, LeaderLease.NAMESPACE, LeaderLease.NAME, identity);
      instances.put(identity, instance);
    }
  }

  @AfterEach
  void stopAll() {
    instances.values().forEach(Instance::close);
    controller.close();
    admin.close();
    server.close();
  }

  @Test
  void onlyTheLeaderActsAndTheOtherTakesOverPendingWorkExactlyOnce() {
    String leader = awaitLeader();
    Instance first = instances.get(leader);
    Instance follower =
        instances.values().stream().filter(i -> i != first).findFirst().orElseThrow();

    // The leader decides and executes; the follower, with warm caches, writes nothing.
    ActionRequest scaled = submit(ActionRequests.scale("web", 4).build());
    first.operator.awaitPhase(scaled, Phase.Succeeded);
    ActionRequest restart = submit(ActionRequests.restart("web").build());
    first.operator.awaitPhase(restart, Phase.AwaitingApproval);
    assertThat(first.scaleWrites("web")).isEqualTo(1);
    assertThat(follower.workWrites()).as("writes by the follower %s", follower.identity).isEmpty();

    // The leader stops. A request arrives while nobody leads, and the restart is approved.
    first.close();
    ActionRequest whileNobodyLeads = submit(ActionRequests.scale("api", 3).build());
    server.giveAsApprover(Approvals.approve(restart, "alice"));

    assertThat(awaitLeaderOtherThan(leader)).isEqualTo(follower.identity);
    follower.operator.awaitPhase(whileNobodyLeads, Phase.Succeeded);
    follower.operator.awaitPhase(restart, Phase.Succeeded);

    // Each change was applied once, by the instance that led at the time.
    assertThat(live("web").getSpec().getReplicas()).isEqualTo(4);
    assertThat(live("api").getSpec().getReplicas()).isEqualTo(3);
    assertThat(first.scaleWrites("api")).isZero();
    assertThat(follower.scaleWrites("api")).isEqualTo(1);
    assertThat(follower.scaleWrites("web")).isZero();
    assertThat(first.workWrites()).noneMatch(w -> w.contains("/actionrequests/scale-api"));
    follower.operator.awaitEventReasons(
        NS,
        "ActionRequest",
        restart.getMetadata().getName(),
        "AwaitingApproval",
        "Approved",
        "Executing",
        "Succeeded");
    follower.operator.awaitEventReasons(
        NS,
        "ActionRequest",
        whileNobodyLeads.getMetadata().getName(),
        "AutoApproved",
        "Executing",
        "Succeeded");
    assertThat(follower.operator.events(NS, "ActionRequest", restart.getMetadata().getName()))
        .allSatisfy(e -> assertThat(e.getCount()).as("count of %s", e.getReason()).isEqualTo(1));
    assertThat(live("web").getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");
  }

  private ActionRequest submit(ActionRequest request) {
    request.getMetadata().setNamespace(NS);
    return server.fileAsRequester(request);
  }

  private io.fabric8.kubernetes.api.model.apps.Deployment live(String name) {
    return admin.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private String awaitLeader() {
    return awaitLeaderOtherThan(null);
  }

  private String awaitLeaderOtherThan(String previous) {
    return LeaderLease.awaitHolderOtherThan(admin, previous);
  }
}
