package dev.countersign.testkit.apiserver;

import static dev.countersign.testkit.apiserver.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.auth.Authenticator;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server enforces what a real one does where Countersign depends on it: who you
 * are (bearer tokens), what the chart's RBAC lets you do, the CRD schemas and CEL rules, the
 * chart's admission policy, and the CEL cost budget of a CRD.
 */
class StrictApiServerTest {
  private static final String NS = "shop";
  private static final UserInfo AGENT = Identities.named(ActionRequests.AGENT);

  static EmbeddedApiServer api;
  static KubernetesClient agent;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    api.client().resource(TestWorkloads.namespace(NS)).create();
    api.bind("countersign-agent", NS, AGENT);
    agent = api.clientAs(AGENT);
  }

  @AfterAll
  static void stop() {
    agent.close();
    api.close();
  }

  @Test
  void aRequestWithoutATokenIsUnauthorized() throws Exception {
    HttpResponse<String> response =
        // HTTP/1.1, as Kubernetes clients speak it over plain HTTP (no h2c upgrade offer).
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces"))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"reason\":\"Unauthorized\"");
  }

  @Test
  void anAgentFilesARequestInItsOwnNameInANamespaceItIsBoundIn() {
    ActionRequest filed = agent.resource(ActionRequests.scale("web", 5).in(NS).build()).create();

    assertThat(filed.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void aRequestFiledByGenerateNameIsNamedAsTheApiServerNamesIt() {
    ActionRequest asked = ActionRequests.scale("web", 5).in(NS).build();
    asked.getMetadata().setName(null);
    asked.getMetadata().setGenerateName("mcp-scale-");

    ActionRequest filed = agent.resource(asked).create();

    String name = filed.getMetadata().getName();
    assertThat(name).matches("mcp-scale-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(agent.resources(ActionRequest.class).inNamespace(NS).withName(name).get())
        .extracting(r -> r.getMetadata().getUid())
        .isEqualTo(filed.getMetadata().getUid());
  }

  @Test
  void anAgentNotBoundInANamespaceIsForbiddenWithTheApiServersMessage() {
    api.client().resource(TestWorkloads.namespace("elsewhere")).createOr(e -> e.update());

    assertRefused(
        () -> agent.resource(ActionRequests.scale("web", 5).in("elsewhere").build()).create(),
        403,
        "actionrequests.countersign.dev is forbidden: User \""
            + ActionRequests.AGENT
            + "\" cannot create resource \"actionrequests\" in API group"
            + " \"countersign.dev\" in the namespace \"elsewhere\"");
  }

  @Test
  void aSpoofedRequesterIsRefusedByTheChartsAdmissionPolicy() {
    ActionRequest spoofed =
        ActionRequests.scale("web", 5).in(NS).by("system:serviceaccount:shop:trusted").build();

    assertRefused(
        () -> agent.resource(spoofed).create(),
        403,
        "actionrequests.countersign.dev \"scale-web-to-5\" is forbidden:"
            + " ValidatingAdmissionPolicy 'countersign-identity' with binding"
            + " 'countersign-identity' denied request: spec.requester must be the"
            + " identity that creates the ActionRequest ("
            + ActionRequests.AGENT
            + ")");
  }

  @Test
  void aNegativeReplicaCountIsRefusedByTheSchemaWithTheFieldPath() {
    ActionRequest negative = ActionRequests.scale("web", -1).in(NS).named("negative").build();

    assertRefused(
        () -> agent.resource(negative).create(),
        422,
        "ActionRequest.countersign.dev \"negative\" is invalid:"
            + " spec.scale.replicas: Invalid value: -1: spec.scale.replicas in body"
            + " should be greater than or equal to 0");
  }

  @Test
  void theOperatorMayRenewItsLeaseWithAPatchAsFabric8Does() {
    try (KubernetesClient operator = api.clientAs(Identities.OPERATOR)) {
      var lease =
          operator
              .resource(
                  new LeaseBuilder()
                      .withNewMetadata()
                      .withName("countersign-operator")
                      .withNamespace("countersign-system")
                      .endMetadata()
                      .withNewSpec()
                      .withHolderIdentity("a")
                      .endSpec()
                      .build())
              .create();

      var renewed =
          operator
              .resource(lease)
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"holderIdentity\":\"b\"}}");

      assertThat(renewed.getSpec().getHolderIdentity()).isEqualTo("b");
    }
  }

  @Test
  void aCrdWhoseRuleCostsTooMuchIsRefusedAsTheApiServerRefusedOurs() {
    GenericKubernetesResource crd =
        api.client()
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: things.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Thing, plural: things, singular: thing}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            x-kubernetes-validations:
                            - rule: "self.kinds.all(k, k in ['Deployment', 'StatefulSet'])"
                            properties:
                              kinds: {type: array, items: {type: string}}
                """,
                GenericKubernetesResource.class);

    assertThatThrownBy(() -> api.client().resource(crd).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .contains(
                      "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule:"
                          + " Forbidden: estimated rule cost exceeds budget by factor of 1.7x");
            });
  }

  @Test
  void anApproverMayReadApprovalsButNotWorkloadsOutsideWhatItIsBoundTo() {
    api.bind("countersign-approver", NS, Identities.ALICE);
    try (KubernetesClient alice = api.clientAs(Identities.ALICE)) {
      assertThat(
              alice
                  .resources(dev.countersign.api.v1alpha1.approval.Approval.class)
                  .inNamespace(NS)
                  .list()
                  .getItems())
          .isEmpty();
      assertThatThrownBy(() -> alice.apps().deployments().inNamespace("elsewhere").list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void theSelfSubjectRulesReviewOfTheOperatorListsPatchOnLeases() {
    var review =
        new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
            .withNewSpec()
            .withNamespace("countersign-system")
            .endSpec()
            .build();
    try (KubernetesClient operator = api.clientAs(Identities.OPERATOR)) {
      var answer = operator.resource(review).create();

      assertThat(answer.getStatus().getResourceRules())
          .anySatisfy(
              rule -> {
                assertThat(rule.getResources()).contains("leases");
                assertThat(rule.getVerbs()).contains("patch");
              });
    }
  }

  /**
   * A patch that names a resourceVersion is a precondition, as on a real API server (Fabric8's
   * store checks it already; the operator's "started" label relies on it).
   */
  @Test
  void aPatchNamingAStaleResourceVersionIsAConflictAndChangesNothing() {
    KubernetesClient admin = api.client();
    var created = admin.resource(TestWorkloads.deployment(NS, "patched", 1, "nginx:1")).create();
    String stale = created.getMetadata().getResourceVersion();
    admin
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("patched")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(2).endSpec().build());

    String labelAt =
        """
        {"metadata":{"resourceVersion":"%s","labels":{"checked":"yes"}}}""";
    var patches = admin.apps().deployments().inNamespace(NS).withName("patched");
    assertThatThrownBy(
            () -> patches.patch(PatchContext.of(PatchType.JSON_MERGE), labelAt.formatted(stale)))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(patches.get().getMetadata().getLabels()).doesNotContainKey("checked");

    String current = patches.get().getMetadata().getResourceVersion();
    assertThat(
            patches
                .patch(PatchContext.of(PatchType.JSON_MERGE), labelAt.formatted(current))
                .getMetadata()
                .getLabels())
        .containsEntry("checked", "yes");
  }

  @Test
  void aServiceAccountsTokenAuthenticatesAsItForTheAudiencesAndTimeAsked() {
    KubernetesClient admin = api.client();
    admin.resource(serviceAccount("minted")).create();
    var accounts = admin.serviceAccounts().inNamespace(NS).withName("minted");

    TokenRequest forTheApiServer = accounts.tokenRequest(new TokenRequest());
    assertThat(forTheApiServer.getSpec().getExpirationSeconds()).isEqualTo(3600L);
    assertThat(forTheApiServer.getSpec().getAudiences())
        .isEqualTo(Authenticator.DEFAULT_API_AUDIENCES);
    assertThat(Instant.parse(forTheApiServer.getStatus().getExpirationTimestamp()))
        .isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3610));
    try (KubernetesClient minted = api.clientWithToken(forTheApiServer.getStatus().getToken())) {
      assertThat(whoAmI(minted)).isEqualTo("system:serviceaccount:" + NS + ":minted");
    }

    TokenRequest forTheDoor =
        accounts.tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences("countersign")
                .withExpirationSeconds(600L)
                .endSpec()
                .build());
    String token = forTheDoor.getStatus().getToken();
    TokenReview review =
        admin
            .resource(
                new TokenReviewBuilder()
                    .withNewSpec()
                    .withToken(token)
                    .withAudiences("countersign")
                    .endSpec()
                    .build())
            .create();
    assertThat(review.getStatus().getAuthenticated()).isTrue();
    assertThat(review.getStatus().getUser().getUsername())
        .isEqualTo("system:serviceaccount:" + NS + ":minted");
    assertThat(review.getStatus().getUser().getUid())
        .isEqualTo(accounts.get().getMetadata().getUid());
    try (KubernetesClient elsewhere = api.clientWithToken(token)) {
      assertThatThrownBy(() -> whoAmI(elsewhere))
          .as("a token for another audience is not good for the API server")
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void aTokenRequestIsRefusedAsTheApiServerRefusesIt() {
    KubernetesClient admin = api.client();
    admin.resource(serviceAccount("short-lived")).create();
    TokenRequest tooShort =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(60L).endSpec().build();

    assertRefused(
        () ->
            admin.serviceAccounts().inNamespace(NS).withName("short-lived").tokenRequest(tooShort),
        422,
        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds:"
            + " Invalid value: 60: may not specify a duration less than 10 minutes");
    assertRefused(
        () ->
            admin
                .serviceAccounts()
                .inNamespace(NS)
                .withName("ghost")
                .tokenRequest(new TokenRequest()),
        404,
        "serviceaccounts \"ghost\" not found");
    assertThatThrownBy(
            () ->
                agent
                    .serviceAccounts()
                    .inNamespace(NS)
                    .withName("short-lived")
                    .tokenRequest(new TokenRequest()))
        .as("creating serviceaccounts/token is a permission of its own")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private static ServiceAccount serviceAccount(String name) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .build();
  }

  private static String whoAmI(KubernetesClient client) {
    return client
        .resource(new SelfSubjectReviewBuilder().build())
        .create()
        .getStatus()
        .getUserInfo()
        .getUsername();
  }

  @Test
  void aBodyInAFormatTheServerCannotReadIsAnsweredNotLeftHanging() throws Exception {
    // kubectl create serviceaccount sends protobuf: the 4-byte "k8s\0" envelope, then the object.
    byte[] protobufBody = {'k', '8', 's', 0, 10, 2};

    HttpResponse<String> protobuf =
        postServiceAccount("application/vnd.kubernetes.protobuf", protobufBody);
    assertThat(protobuf.statusCode()).isEqualTo(415);
    assertThat(protobuf.body())
        .contains("\"reason\":\"UnsupportedMediaType\"")
        .contains("the body of the request was in an unknown format");

    HttpResponse<String> garbled = postServiceAccount("application/json", protobufBody);
    assertThat(garbled.statusCode()).isBetween(400, 599);
    assertThat(garbled.body()).contains("\"kind\":\"Status\"");
  }

  /** A raw POST to the namespace's serviceaccounts as the admin; answered within 10 s or fails. */
  private static HttpResponse<String> postServiceAccount(String contentType, byte[] body)
      throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(
                    URI.create(api.url() + "/api/v1/namespaces/" + NS + "/serviceaccounts"))
                .header("Authorization", "Bearer " + api.token(Identities.ADMIN))
                .header("Content-Type", contentType)
                .timeout(java.time.Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void creatingAnObjectWhoseNameIsTakenIsAlreadyExistsAsTheApiServerSaysIt() {
    KubernetesClient admin = api.client();
    admin.resource(serviceAccount("taken")).create();
    agent.resource(ActionRequests.scale("web", 2).named("taken").in(NS).build()).create();

    assertThatThrownBy(() -> admin.resource(serviceAccount("taken")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("serviceaccounts \"taken\" already exists");
              assertThat(e.getStatus().getDetails().getName()).isEqualTo("taken");
              assertThat(e.getStatus().getDetails().getKind()).isEqualTo("serviceaccounts");
            });
    assertThatThrownBy(
            () ->
                agent
                    .resource(ActionRequests.scale("web", 2).named("taken").in(NS).build())
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("actionrequests.countersign.dev \"taken\" already exists");
              assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("countersign.dev");
            });
  }

  /**
   * A custom resource is never created by an update: the API server looks it up first, so writing
   * the status of a request that does not exist is Not Found even when the body would not pass the
   * schema (this one has no spec), not Invalid.
   */
  @Test
  void updatingTheStatusOfARequestThatDoesNotExistIsNotFoundBeforeTheBodyIsRead() {
    ActionRequest missing = new ActionRequest();
    missing.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace(NS)
            .withName("missing")
            .withResourceVersion("1")
            .build());
    try (KubernetesClient operator = api.clientAs(Identities.OPERATOR)) {
      assertThatThrownBy(() -> operator.resource(missing).updateStatus())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(404);
                assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                assertThat(e.getStatus().getMessage())
                    .isEqualTo("actionrequests.countersign.dev \"missing\" not found");
              });
    }
    assertThat(
            api.client().resources(ActionRequest.class).inNamespace(NS).withName("missing").get())
        .isNull();
  }
}
