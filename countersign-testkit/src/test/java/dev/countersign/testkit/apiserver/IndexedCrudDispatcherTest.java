package dev.countersign.testkit.apiserver;

import static dev.countersign.testkit.apiserver.TwinStores.JSON_PATCH;
import static dev.countersign.testkit.apiserver.TwinStores.MERGE_PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testkit.apiserver.TwinStores.Answer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The indexed store answers every request exactly as Fabric8's stock CRUD store does, and its index
 * stays in step with the store: each step below goes to both stores ({@link TwinStores} compares
 * the answers and checks the index against a full scan after every request).
 */
class IndexedCrudDispatcherTest {
  private final TwinStores twins = new TwinStores();

  @Test
  void aCreatedObjectIsFoundByNameAndAMissingOneIsNot() {
    assertThat(twins.post(configMaps("a"), configMap("a", "one", Map.of())).code()).isEqualTo(201);

    Answer found = twins.get(configMap("a", "one"));
    Answer missing = twins.get(configMap("a", "two"));

    assertThat(found.code()).isEqualTo(200);
    assertThat(field(found, "metadata", "name")).isEqualTo("one");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.body()).isNull();
  }

  @Test
  void anUpdateIsWhatTheNextGetSees() {
    twins.post(configMaps("a"), configMap("a", "one", Map.of()));
    Map<String, Object> changed = configMap("a", "one", Map.of());
    changed.put("data", Map.of("k", "changed"));

    assertThat(twins.put(configMap("a", "one"), changed).code()).isEqualTo(200);
    assertThat(twins.put(configMap("a", "two"), changed).code()).isEqualTo(404);

    assertThat(field(twins.get(configMap("a", "one")), "data", "k")).isEqualTo("changed");
  }

  @Test
  void statusWritesByPutAndPatchKeepTheObjectFindable() {
    twins.post(deployments("a"), deployment("a", "web"));
    Map<String, Object> withStatus = deployment("a", "web");
    withStatus.put("status", Map.of("replicas", 3));

    assertThat(twins.put(deploymentPath("a", "web") + "/status", withStatus).code()).isEqualTo(200);
    assertThat(
            twins
                .patch(
                    deploymentPath("a", "web") + "/status",
                    MERGE_PATCH,
                    "{\"status\":{\"x\":\"y\"}}")
                .code())
        .isEqualTo(202);

    Answer found = twins.get(deploymentPath("a", "web"));
    assertThat(field(found, "status", "replicas")).isEqualTo("3");
    assertThat(field(found, "status", "x")).isEqualTo("y");
  }

  @Test
  void jsonAndMergePatchesChangeTheObjectInPlace() {
    twins.post(configMaps("a"), configMap("a", "one", Map.of()));

    Answer json =
        twins.patch(
            configMap("a", "one"),
            JSON_PATCH,
            "[{\"op\":\"add\",\"path\":\"/data/fromJson\",\"value\":\"1\"}]");
    Answer merge =
        twins.patch(configMap("a", "one"), MERGE_PATCH, "{\"data\":{\"fromMerge\":\"2\"}}");
    Answer missing = twins.patch(configMap("a", "two"), MERGE_PATCH, "{\"data\":{}}");

    assertThat(List.of(json.code(), merge.code(), missing.code())).containsExactly(202, 202, 404);
    Answer found = twins.get(configMap("a", "one"));
    assertThat(field(found, "data", "fromJson")).isEqualTo("1");
    assertThat(field(found, "data", "fromMerge")).isEqualTo("2");
  }

  @Test
  void changingLabelsMovesTheObjectToItsNewKey() {
    twins.post(configMaps("a"), configMap("a", "one", Map.of("tier", "gold")));

    twins.patch(
        configMap("a", "one"), MERGE_PATCH, "{\"metadata\":{\"labels\":{\"tier\":\"lead\"}}}");

    assertThat(field(twins.get(configMap("a", "one")), "metadata", "labels", "tier"))
        .isEqualTo("lead");
    assertThat(twins.get(configMaps("a") + "?labelSelector=tier%3Dlead").body())
        .contains("\"one\"");
    assertThat(twins.get(configMaps("a") + "?labelSelector=tier%3Dgold").body())
        .doesNotContain("\"one\"");
  }

  @Test
  void aDeletedObjectIsGoneAndDeletingItAgainIsNotFound() {
    twins.post(configMaps("a"), configMap("a", "one", Map.of()));

    assertThat(twins.delete(configMap("a", "one")).code()).isEqualTo(200);
    assertThat(twins.get(configMap("a", "one")).code()).isEqualTo(404);
    assertThat(twins.delete(configMap("a", "one")).code()).isEqualTo(404);
    assertThat(twins.post(configMaps("a"), configMap("a", "one", Map.of())).code()).isEqualTo(201);
  }

  @Test
  void anObjectWithAFinalizerIsMarkedOnDeleteAndGoesWhenTheFinalizerIsRemoved() {
    Map<String, Object> guarded = configMap("a", "one", Map.of());
    metadata(guarded).put("finalizers", List.of("countersign.dev/test"));
    twins.post(configMaps("a"), guarded);

    assertThat(twins.delete(configMap("a", "one")).code()).isEqualTo(200);
    Answer marked = twins.get(configMap("a", "one"));
    assertThat(field(marked, "metadata", "deletionTimestamp")).isNotEmpty();

    twins.patch(
        configMap("a", "one"),
        JSON_PATCH,
        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    assertThat(twins.get(configMap("a", "one")).code()).isEqualTo(404);
  }

  @Test
  void theSameNameInTwoApiGroupsIsAnsweredInTheStoresOwnOrder() {
    String core = "/api/v1/namespaces/a/events/evt";
    String grouped = "/apis/events.k8s.io/v1/namespaces/a/events/evt";
    twins.post("/api/v1/namespaces/a/events", event("v1", "first"));
    twins.post("/apis/events.k8s.io/v1/namespaces/a/events", event("events.k8s.io/v1", "second"));

    assertThat(field(twins.get(core), "apiVersion")).isEqualTo("v1");
    assertThat(field(twins.get(grouped), "apiVersion")).isEqualTo("events.k8s.io/v1");

    // The core path names no group, so it matches both; an update moves the core Event to the end
    // of the store, and the stock store then answers the core path with the other group's Event.
    twins.put(core, event("v1", "updated"));
    assertThat(field(twins.get(core), "apiVersion")).isEqualTo("events.k8s.io/v1");
    assertThat(field(twins.get(grouped), "note")).isEqualTo("second");
  }

  @Test
  void aPathWithoutANamespaceFindsTheNameInAnyNamespaceAsTheStockStoreDoes() {
    twins.post(configMaps("a"), configMap("a", "same", Map.of()));
    twins.post(configMaps("b"), configMap("b", "same", Map.of()));

    assertThat(field(twins.get("/api/v1/configmaps/same"), "metadata", "namespace")).isEqualTo("a");
    assertThat(twins.get(configMap("c", "same")).code()).isEqualTo(404);

    twins.delete(configMap("a", "same"));
    assertThat(field(twins.get("/api/v1/configmaps/same"), "metadata", "namespace")).isEqualTo("b");
  }

  @Test
  void clusterScopedAndNamespacedObjectsOfOneNameStayApart() {
    twins.post(
        "/api/v1/namespaces",
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "team")));
    twins.post(configMaps("team"), configMap("team", "team", Map.of()));

    assertThat(field(twins.get("/api/v1/namespaces/team"), "kind")).isEqualTo("Namespace");
    assertThat(field(twins.get(configMap("team", "team")), "kind")).isEqualTo("ConfigMap");
    assertThat(twins.delete("/api/v1/namespaces/team").code()).isEqualTo(200);
    assertThat(twins.get("/api/v1/namespaces/team").code()).isEqualTo(404);
    assertThat(twins.get(configMap("team", "team")).code()).isEqualTo(200);
  }

  @Test
  void creatingANameThatExistsIsAConflict() {
    twins.post(configMaps("a"), configMap("a", "one", Map.of()));

    Answer again = twins.post(configMaps("a"), configMap("a", "one", Map.of()));

    assertThat(again.code()).isEqualTo(409);
    assertThat(field(again, "reason")).isEqualTo("Invalid");
  }

  @Test
  void lookupsAndPatchesStayRightAmongManyObjects() {
    twins.checkEveryStep = false; // one full check at the end: each is quadratic in the store
    for (int i = 0; i < 1_000; i++) {
      String namespace = "ns-" + i % 20;
      twins.post(configMaps(namespace), configMap(namespace, "cm-" + i, Map.of("i", "" + i)));
    }

    twins.patch(configMap("ns-7", "cm-507"), MERGE_PATCH, "{\"data\":{\"k\":\"patched\"}}");

    assertThat(field(twins.get(configMap("ns-7", "cm-507")), "data", "k")).isEqualTo("patched");
    assertThat(twins.get(configMap("ns-8", "cm-507")).code()).isEqualTo(404);
    assertThat(field(twins.get("/api/v1/configmaps/cm-999"), "metadata", "namespace"))
        .isEqualTo("ns-19");
    twins.assertIndexAgreesWithScan();
  }

  @Test
  void resetForgetsEveryObject() {
    twins.post(configMaps("a"), configMap("a", "one", Map.of()));

    twins.stock.reset();
    twins.indexed.reset();

    assertThat(twins.get(configMap("a", "one")).code()).isEqualTo(404);
    assertThat(twins.post(configMaps("a"), configMap("a", "one", Map.of())).code()).isEqualTo(201);
  }

  static String configMaps(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/configmaps";
  }

  static String configMap(String namespace, String name) {
    return configMaps(namespace) + "/" + name;
  }

  static Map<String, Object> configMap(String namespace, String name, Map<String, String> labels) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.put("labels", new LinkedHashMap<>(labels));
    Map<String, Object> configMap = new LinkedHashMap<>();
    configMap.put("apiVersion", "v1");
    configMap.put("kind", "ConfigMap");
    configMap.put("metadata", metadata);
    configMap.put("data", Map.of("k", "v"));
    return configMap;
  }

  private static String deployments(String namespace) {
    return "/apis/apps/v1/namespaces/" + namespace + "/deployments";
  }

  private static String deploymentPath(String namespace, String name) {
    return deployments(namespace) + "/" + name;
  }

  private static Map<String, Object> deployment(String namespace, String name) {
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("apiVersion", "apps/v1");
    deployment.put("kind", "Deployment");
    deployment.put("metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", namespace)));
    deployment.put("spec", Map.of("replicas", 2));
    return deployment;
  }

  private static Map<String, Object> event(String apiVersion, String note) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("apiVersion", apiVersion);
    event.put("kind", "Event");
    event.put("metadata", new LinkedHashMap<>(Map.of("name", "evt", "namespace", "a")));
    event.put("note", note);
    return event;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> object) {
    return (Map<String, Object>) object.get("metadata");
  }

  /** A field of the answer's JSON body, as text; "" when absent. */
  private static String field(Answer answer, String... path) {
    var node =
        Serialization.unmarshal(answer.body(), com.fasterxml.jackson.databind.JsonNode.class);
    for (String step : path) {
      node = node.path(step);
    }
    return node.asText();
  }
}
