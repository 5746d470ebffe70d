package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What plain kubectl asks of the embedded API server, asked over HTTP as kubectl asks it (the
 * sandbox tour with the real kubectl is SandboxTourIT): discovery, Tables, OpenAPI v3, strict field
 * validation and a watch over plain HTTP.
 */
class KubectlEndpointsTest {
  /**
   * One client, speaking HTTP/1.1 as kubectl does over plain HTTP: the JDK client's default offers
   * an h2c upgrade, and once in a full run a GET of the OpenAPI document then never completed (the
   * build hung for minutes in this test).
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static final String NS = "shop";
  private static final UserInfo AGENT = Identities.named(ActionRequests.AGENT);
  private static final String TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
          + "g=meta.k8s.io,application/json";

  static EmbeddedApiServer api;
  static ActionRequest filed;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    api.client().resource(TestWorkloads.namespace(NS)).create();
    api.bind("countersign-agent", NS, AGENT);
    filed = api.as(AGENT).resource(ActionRequests.scale("web", 5).in(NS).build()).create();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void discoveryListsTheCrdsWithTheirShortNamesCategoriesAndStatusSubresource() throws Exception {
    JsonNode groups = get(Identities.ALICE, "/apis", null).json();
    assertThat(groups.path("groups").findValuesAsText("name"))
        .contains("countersign.dev", "apps", "rbac.authorization.k8s.io");
    assertThat(get(Identities.ALICE, "/api", null).json().path("versions").get(0).asText())
        .isEqualTo("v1");

    JsonNode resources = get(Identities.ALICE, "/apis/countersign.dev/v1alpha1", null).json();
    JsonNode requests = named(resources.path("resources"), "actionrequests");
    assertThat(requests.path("kind").asText()).isEqualTo("ActionRequest");
    assertThat(requests.path("namespaced").asBoolean()).isTrue();
    assertThat(requests.path("shortNames").get(0).asText()).isEqualTo("areq");
    assertThat(requests.path("categories").get(0).asText()).isEqualTo("countersign");
    assertThat(named(resources.path("resources"), "actionrequests/status")).isNotNull();
    assertThat(
            named(
                    get(Identities.ALICE, "/apis/apps/v1", null).json().path("resources"),
                    "deployments")
                .path("shortNames")
                .get(0)
                .asText())
        .isEqualTo("deploy");
  }

  @Test
  void aGetAcceptingATableIsAnsweredWithTheCrdsPrinterColumns() throws Exception {
    JsonNode table =
        get(
                Identities.ADMIN,
                "/apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests",
                TABLE)
            .json();

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    List<String> columns = table.path("columnDefinitions").findValuesAsText("name");
    assertThat(columns).startsWith("Name").contains("Action", "Agent", "Target", "Phase", "Age");
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").get(0).asText()).isEqualTo(filed.getMetadata().getName());
    assertThat(row.path("cells").get(columns.indexOf("Action")).asText()).isEqualTo("scale");
    assertThat(row.path("cells").get(columns.indexOf("Age")).asText()).matches("\\d+s");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo(NS);
  }

  @Test
  void openApiV3DescribesTheCrdSchemasForKubectlExplain() throws Exception {
    JsonNode index = get(Identities.ALICE, "/openapi/v3", null).json();
    String url =
        index
            .path("paths")
            .path("apis/countersign.dev/v1alpha1")
            .path("serverRelativeURL")
            .asText();
    assertThat(url).startsWith("/openapi/v3/apis/countersign.dev/v1alpha1?hash=");
    assertThat(index.path("paths").has("api/v1")).isTrue();

    JsonNode document = get(Identities.ALICE, url, null).json();
    JsonNode schema =
        document.path("components").path("schemas").path("dev.countersign.v1alpha1.ActionRequest");
    assertThat(schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText())
        .isEqualTo("ActionRequest");
    assertThat(schema.path("properties").path("spec").path("description").asText())
        .startsWith("What the agent asks for");
    JsonNode patch =
        document
            .path("paths")
            .path("/apis/countersign.dev/v1alpha1/namespaces/{namespace}/actionrequests/{name}")
            .path("patch");
    assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
  }

  @Test
  void anUnknownFieldIsRefusedUnderStrictFieldValidationAndPrunedWithout() throws Exception {
    String body =
        Serialization.asJson(ActionRequests.scale("web", 6).named("typo").in(NS).build())
            .replaceFirst("\"spec\":\\{", "\"spec\":{\"colour\":\"blue\",");
    String path = "/apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests";

    Reply strict = send(AGENT, "POST", path + "?fieldValidation=Strict", body);

    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.json().path("message").asText())
        .isEqualTo(
            "ActionRequest in version \"v1alpha1\" cannot be handled as a ActionRequest: strict"
                + " decoding error: unknown field \"spec.colour\"");

    Reply lenient = send(AGENT, "POST", path, body);

    assertThat(lenient.code()).isEqualTo(201);
    assertThat(lenient.json().path("spec").has("colour")).isFalse();
  }

  @Test
  void aWatchOverPlainHttpAnswersWhatChangedSinceItsVersionOrABookmark() throws Exception {
    String name = filed.getMetadata().getName();
    String path =
        "/apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests?fieldSelector=metadata.name%3D"
            + name
            + "&watch=true&resourceVersion=";

    JsonNode changed = first(get(Identities.ADMIN, path + "0", null).body());
    assertThat(changed.path("type").asText()).isEqualTo("MODIFIED");
    assertThat(changed.path("object").path("metadata").path("name").asText()).isEqualTo(name);

    String version = changed.path("object").path("metadata").path("resourceVersion").asText();
    JsonNode quiet = first(get(Identities.ADMIN, path + version, null).body());
    assertThat(quiet.path("type").asText()).isEqualTo("BOOKMARK");
    assertThat(quiet.path("object").path("kind").asText()).isEqualTo("ActionRequest");
  }

  @Test
  void agesReadAsKubectlWritesThem() {
    assertThat(KubectlEndpoints.humanAge(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(KubectlEndpoints.humanAge(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(KubectlEndpoints.humanAge(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(KubectlEndpoints.humanAge(Duration.ofMinutes(200))).isEqualTo("3h20m");
    assertThat(KubectlEndpoints.humanAge(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(KubectlEndpoints.humanAge(Duration.ofHours(50))).isEqualTo("2d2h");
  }

  @Test
  void printerColumnPathsFindFieldsItemsAndFilteredItems() {
    JsonNode object =
        Serialization.unmarshal(
            "{\"status\":{\"conditions\":[{\"type\":\"Decided\",\"status\":\"True\"},"
                + "{\"type\":\"Ready\",\"status\":\"False\"}]},\"spec\":{\"rules\":"
                + "[{\"action\":\"scale\"},{\"action\":\"restart\"}]}}",
            JsonNode.class);

    assertThat(SimpleJsonPath.find(object, ".status.conditions[?(@.type==\"Ready\")].status"))
        .extracting(JsonNode::asText)
        .containsExactly("False");
    assertThat(SimpleJsonPath.find(object, ".spec.rules[*].action"))
        .extracting(JsonNode::asText)
        .containsExactly("scale", "restart");
    assertThat(SimpleJsonPath.find(object, ".spec.rules[1].action"))
        .extracting(JsonNode::asText)
        .containsExactly("restart");
    assertThat(SimpleJsonPath.find(object, ".spec.missing")).isEmpty();
  }

  private record Reply(int code, String body) {
    JsonNode json() {
      return Serialization.unmarshal(body, JsonNode.class);
    }
  }

  private static JsonNode first(String events) {
    return Serialization.unmarshal(events.lines().findFirst().orElseThrow(), JsonNode.class);
  }

  private static JsonNode named(JsonNode resources, String name) {
    List<JsonNode> found = new ArrayList<>();
    resources.forEach(
        r -> {
          if (r.path("name").asText().equals(name)) {
            found.add(r);
          }
        });
    assertThat(found).as("resource %s in %s", name, resources).hasSize(1);
    return found.getFirst();
  }

  private static Reply get(UserInfo user, String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + api.token(user));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return new Reply(response.statusCode(), response.body());
  }

  private static Reply send(UserInfo user, String method, String path, String body)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + api.token(user))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }
}
