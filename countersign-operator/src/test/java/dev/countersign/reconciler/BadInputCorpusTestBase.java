package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.policy.ReasonCode;
import dev.countersign.quorum.SpecHash;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code src/test/resources/bad-input/cases.yaml}: each malformed or hostile
 * object is sent raw, must end as the case says (refused by the API server, or with its specific
 * condition and Event), must leave the workload exactly as it was with nothing executed, and the
 * operator must still serve a well-formed request afterwards. The two tiers differ in who sends the
 * objects and what the API server checks: {@link BadInputCorpusTest} and {@link
 * BadInputOnAClusterTest}.
 */
abstract class BadInputCorpusTestBase extends LifecycleTestBase {
  static final String API = ApiVersion.GROUP + "/" + ApiVersion.VERSION;
  private static final Set<String> RAN = Set.of("Approved", "Executing", "Succeeded", "Failed");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * Sends one raw object as the tier's sender would; a refusal by the API server propagates as its
   * KubernetesClientException.
   */
  abstract GenericKubernetesResource send(
      String kind, String ns, GenericKubernetesResource object, boolean namespaced);

  /** Whether the API server may refuse a case (with the answer the case records). */
  abstract boolean refusalsExpected();

  @TestFactory
  Stream<DynamicTest> everyBadInputEndsInItsConditionAndEventAndChangesNothing() {
    List<BadInputCase> cases = BadInputCase.load();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
    // -Dcorpus.only=REGEX runs only the cases whose "NNN Kind: name" matches (then the final
    // check).
    String only = System.getProperty("corpus.only");
    return Stream.concat(
        cases.stream()
            .filter(c -> only == null || c.toString().matches(only))
            .map(c -> dynamicTest(c.toString(), () -> run(c))),
        Stream.of(
            dynamicTest(
                "the operator still executes a well-formed request after the corpus",
                this::stillServes)));
  }

  private void run(BadInputCase c) {
    String ns = "corpus-" + c.index();
    client.resource(TestWorkloads.namespace(ns)).create();
    List<String> policies = new ArrayList<>();
    try (var controller = new SimulatedWorkloadController(client, ns).start()) {
      Deployment before =
          client.resource(TestWorkloads.deployment(ns, "web", 3, "nginx:1.27")).create();
      Map<String, String> values = new HashMap<>(Map.of("ns", ns));
      world(c.world(), ns, values);
      List<String> created = new ArrayList<>();
      List<JsonNode> objects = c.objects(values);
      for (int i = 0; i < objects.size(); i++) {
        GenericKubernetesResource object;
        try {
          object = create(c, ns, objects.get(i), i, objects.size());
        } catch (KubernetesClientException refused) {
          assertRefusedAsRecorded(c, values, refused);
          assertNothingExecuted(ns, before);
          return;
        }
        created.add(object.getMetadata().getName());
        if ("AgentPolicy".equals(object.getKind())) {
          policies.add(object.getMetadata().getName());
        }
      }
      if (refusalsExpected() && c.apiServer() != null && c.apiServer().prunes() != null) {
        assertPruned(c, ns, created);
        return;
      }
      assertThat(refusalsExpected() ? c.apiServer() : null)
          .as("the API server was to refuse case %s, and accepted it", c)
          .isNull();
      var expect = c.expect().filled(values);
      if ("AgentPolicy".equals(c.kind()) || "probe".equals(expect.on())) {
        submitProbe(ns);
      }
      Subject onIt = subject(c, ns, expect.on(), created);
      Subject conditionOn =
          expect.conditionOn() != null
              ? subject(c, ns, expect.conditionOn(), created)
              : "approval".equals(expect.on()) ? subject(c, ns, "request", created) : onIt;
      awaitCondition(conditionOn, expect);
      awaitEvent(onIt, expect.event(), expect.message());
      if ("AgentPolicy".equals(c.kind()) && !"probe".equals(expect.on())) {
        awaitCondition(
            subject(c, ns, "probe", created),
            new BadInputCase.Expectation("probe", "Decided=True/Denied", "Denied", "", null, null));
      }
      assertNothingExecuted(ns, before);
    } finally {
      policies.forEach(
          p -> client.genericKubernetesResources(API, "AgentPolicy").withName(p).delete());
    }
  }

  /** The objects the case needs around it: policies, and a request awaiting approval. */
  private void world(String world, String ns, Map<String, String> values) {
    switch (world) {
      case "permissive" ->
          client
              .resource(
                  AgentPolicies.forNamespace(ns)
                      .allowScale(0, 100000)
                      .allow("restart")
                      .allow("rollback")
                      .build())
              .create();
      case "awaiting-approval" -> {
        client
            .resource(AgentPolicies.forNamespace(ns).allowWithApproval("restart", "alice").build())
            .create();
        ActionRequest pending = ActionRequests.restart("web").named("pending").in(ns).build();
        pending = api.fileAsRequester(pending);
        operator.awaitPhase(pending, Phase.AwaitingApproval);
        values.put("request", "pending");
        values.put("uid", pending.getMetadata().getUid());
        values.put("specHash", SpecHash.of(pending.getSpec()));
        values.put("requester", ActionRequests.AGENT);
      }
      case "none" -> {}
      default -> throw new IllegalArgumentException("unknown world " + world);
    }
  }

  /** Sends the object as it is, filling in only apiVersion, kind, name and namespace if absent. */
  private GenericKubernetesResource create(
      BadInputCase c, String ns, JsonNode raw, int i, int count) {
    ObjectNode object = (ObjectNode) raw.deepCopy();
    if (!object.has("apiVersion")) {
      object.put("apiVersion", API);
    }
    if (!object.has("kind")) {
      object.put("kind", c.kind());
    }
    String kind = object.get("kind").asText();
    ObjectNode metadata =
        object.has("metadata") ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
    if (!metadata.has("name")) {
      String base =
          switch (kind) {
            case "AgentPolicy" -> ns + "-bad";
            case "Approval" -> "bad-approval";
            default -> "bad";
          };
      metadata.put("name", count == 1 ? base : base + "-" + (i + 1));
    }
    boolean namespaced = !"AgentPolicy".equals(kind);
    if (namespaced && !metadata.has("namespace")) {
      metadata.put("namespace", ns);
    }
    return send(kind, ns, JSON.convertValue(object, GenericKubernetesResource.class), namespaced);
  }

  /**
   * The API server stored the object without the unknown field (with a warning to the client), so
   * the operator sees a well-formed object: what it does then is ordinary, not this case's.
   */
  private void assertPruned(BadInputCase c, String ns, List<String> created) {
    String kind = c.kind();
    var resources = client.genericKubernetesResources(API, kind);
    GenericKubernetesResource stored =
        "AgentPolicy".equals(kind)
            ? resources.withName(created.getFirst()).get()
            : resources.inNamespace(ns).withName(created.getFirst()).get();
    JsonNode json = JSON.convertValue(stored, JsonNode.class);
    String pointer = "/" + c.apiServer().prunes().replace('.', '/');
    assertThat(json.at(pointer).isMissingNode())
        .as("case %s: %s was pruned from %s", c, c.apiServer().prunes(), json)
        .isTrue();
  }

  private void assertRefusedAsRecorded(
      BadInputCase c, Map<String, String> values, KubernetesClientException refused) {
    assertThat(refusalsExpected())
        .as("case %s: the API server refused it: %s", c, refused.getMessage())
        .isTrue();
    BadInputCase.Refusal expected = c.apiServer();
    assertThat(expected == null ? null : expected.message())
        .as("case %s: refused with %d %s", c, refused.getCode(), refused.getStatus().getMessage())
        .isNotNull();
    assertThat(refused.getCode()).as("case %s: HTTP status", c).isEqualTo(expected.code());
    assertThat(refused.getStatus().getMessage())
        .as("case %s: the API server's message", c)
        .isEqualTo(expected.filled(values).message());
  }

  private void submitProbe(String ns) {
    api.fileAsRequester(ActionRequests.scale("web", 4).named("probe").in(ns).build());
  }

  /** An object the outcome is read from. */
  private record Subject(String kind, String namespace, String name) {}

  private Subject subject(BadInputCase c, String ns, String on, List<String> created) {
    return switch (on) {
      case "request" ->
          new Subject(
              "ActionRequest", ns, "Approval".equals(c.kind()) ? "pending" : created.getFirst());
      case "policy" -> new Subject("AgentPolicy", null, created.getFirst());
      case "approval" -> new Subject("Approval", ns, created.getFirst());
      case "probe" -> new Subject("ActionRequest", ns, "probe");
      default -> throw new IllegalArgumentException("unknown subject " + on);
    };
  }

  private void awaitCondition(Subject subject, BadInputCase.Expectation expect) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              Map<String, Object> condition = condition(subject, expect.type());
              assertThat(condition)
                  .as("%s condition on %s", expect.type(), subject)
                  .isNotNull()
                  .containsEntry("status", expect.status())
                  .containsEntry("reason", expect.reason());
              assertThat(String.valueOf(condition.get("message")))
                  .as("%s condition message on %s", expect.type(), subject)
                  .contains(expect.expectedConditionMessage());
              if ("Decided".equals(expect.type()) && "Denied".equals(expect.reason())) {
                assertThat(reasonCodes(subject))
                    .as("status.decision.reasonCodes of %s", subject)
                    .isNotEmpty()
                    .allSatisfy(code -> assertThat(ReasonCode.named(code)).isPresent());
              }
            });
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> status(Subject subject) {
    var resources = client.genericKubernetesResources(API, subject.kind());
    GenericKubernetesResource object =
        subject.namespace() == null
            ? resources.withName(subject.name()).get()
            : resources.inNamespace(subject.namespace()).withName(subject.name()).get();
    if (object == null || !(object.getAdditionalProperties().get("status") instanceof Map)) {
      return null;
    }
    return (Map<String, Object>) object.getAdditionalProperties().get("status");
  }

  @SuppressWarnings("unchecked")
  private List<String> reasonCodes(Subject subject) {
    Map<String, Object> status = status(subject);
    return status != null
            && status.get("decision") instanceof Map<?, ?> decision
            && decision.get("reasonCodes") instanceof List<?> codes
        ? (List<String>) codes
        : List.of();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> condition(Subject subject, String type) {
    Map<String, Object> status = status(subject);
    if (status == null) {
      return null;
    }
    if (!(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream()
        .map(o -> (Map<String, Object>) o)
        .filter(m -> type.equals(m.get("type")))
        .findFirst()
        .orElse(null);
  }

  private void awaitEvent(Subject subject, String reason, String message) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(events(subject))
                    .as("Events on %s", subject)
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getMessage()).contains(message);
                        }));
  }

  private List<Event> events(Subject subject) {
    return client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> subject.kind().equals(e.getInvolvedObject().getKind()))
        .filter(e -> subject.name().equals(e.getInvolvedObject().getName()))
        .filter(
            e ->
                subject.namespace() == null
                    || subject.namespace().equals(e.getInvolvedObject().getNamespace()))
        .toList();
  }

  /** The workload is as it was, and no request in the namespace got as far as running. */
  @SuppressWarnings("unchecked")
  private void assertNothingExecuted(String ns, Deployment before) {
    Deployment now = client.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(now.getSpec()).isEqualTo(before.getSpec());
    assertThat(Objects.requireNonNullElse(now.getMetadata().getAnnotations(), Map.of()))
        .doesNotContainKeys(
            AuditAnnotations.LAST_REQUEST,
            AuditAnnotations.LAST_AGENT,
            AuditAnnotations.LAST_ACTION);
    for (var request :
        client.genericKubernetesResources(API, "ActionRequest").inNamespace(ns).list().getItems()) {
      Object status = request.getAdditionalProperties().get("status");
      Object phase = status instanceof Map<?, ?> m ? m.get("phase") : null;
      assertThat(RAN)
          .as("phase of %s", request.getMetadata().getName())
          .doesNotContain(String.valueOf(phase));
    }
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(Event::getReason)
        .doesNotContain("Executing", "Succeeded", "Approved", "AutoApproved");
  }

  private void stillServes() {
    String ns = "corpus-after";
    client.resource(TestWorkloads.namespace(ns)).create();
    try (var controller = new SimulatedWorkloadController(client, ns).start()) {
      client.resource(TestWorkloads.deployment(ns, "web", 3, "nginx:1.27")).create();
      client.resource(AgentPolicies.forNamespace(ns).allowScale(0, 10).build()).create();
      ActionRequest request = api.fileAsRequester(ActionRequests.scale("web", 5).in(ns).build());
      operator.awaitPhase(request, Phase.Succeeded);
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("web")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(5);
    }
  }
}
