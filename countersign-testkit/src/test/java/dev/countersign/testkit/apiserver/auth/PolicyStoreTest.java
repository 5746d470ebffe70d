package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PolicyStoreTest {

  private final PolicyStore store = PolicyStore.empty();
  private final RbacAuthorizer authorizer = new RbacAuthorizer(store);
  private final UserInfo alice = UserInfo.user("alice");
  private final RequestInfo getPod = RequestInfo.of("GET", "/api/v1/namespaces/ns/pods/p", null);

  private static final String READER =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: reader}
      rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
      """;
  private static final String ALICE_READS =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: alice-reads, namespace: ns}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
      subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
      """;

  @Test
  void upsertsAndDeletesTakeEffectOnTheNextDecision() {
    store.load(READER);
    assertThat(authorizer.authorize(alice, getPod).allowed()).isFalse();

    store.load(ALICE_READS);
    assertThat(authorizer.authorize(alice, getPod).allowed()).isTrue();

    assertThat(store.delete("RoleBinding", "ns", "alice-reads")).isTrue();
    assertThat(authorizer.authorize(alice, getPod).allowed()).isFalse();
    assertThat(store.delete("RoleBinding", "ns", "alice-reads")).isFalse();
  }

  @Test
  void replacingARoleChangesWhatItsBindingsGrant() {
    store.load(READER + "---\n" + ALICE_READS);
    store.load(READER.replace("verbs: [get]", "verbs: [list]"));

    assertThat(authorizer.authorize(alice, getPod).allowed()).isFalse();
  }

  @Test
  void deletingTheRoleOfABindingDeniesWithTheApiServersReason() {
    store.load(READER + "---\n" + ALICE_READS);
    JsonNode reader = RbacManifests.read(READER).get(0);

    assertThat(store.delete(reader)).isTrue();

    assertThat(authorizer.authorize(alice, getPod))
        .isEqualTo(
            new AuthorizationDecision(
                false, "RBAC: clusterrole.rbac.authorization.k8s.io \"reader\" not found"));
  }

  @Test
  void objectsGivenAsMapsAreAccepted() {
    store.load(READER);
    Map<String, Object> binding =
        Map.of(
            "apiVersion", "rbac.authorization.k8s.io/v1",
            "kind", "RoleBinding",
            "metadata", Map.of("name", "b", "namespace", "ns"),
            "roleRef", Map.of("kind", "ClusterRole", "name", "reader"),
            "subjects", List.of(Map.of("kind", "User", "name", "alice")));

    assertThat(store.upsert(binding)).isTrue();
    assertThat(authorizer.authorize(alice, getPod).allowed()).isTrue();
  }

  @Test
  void otherKindsAreIgnoredAndNamespacedObjectsNeedANamespace() {
    assertThat(store.load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\n"))
        .isZero();
    assertThatThrownBy(() -> store.load(ALICE_READS.replace(", namespace: ns", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without metadata.namespace");
  }

  @Test
  void aggregatedClusterRolePicksUpLabelledRoles() {
    store.load(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: monitoring}
        aggregationRule:
          clusterRoleSelectors:
            - matchLabels: {example.com/aggregate-to-monitoring: "true"}
        rules: [{apiGroups: [''], resources: [secrets], verbs: ['*']}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: alice-monitors}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
        subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
        """);
    RequestInfo getSecret = RequestInfo.of("GET", "/api/v1/namespaces/ns/secrets/s", null);
    assertThat(authorizer.authorize(alice, getSecret).allowed())
        .as("the controller replaces an aggregated role's own rules")
        .isFalse();
    assertThat(authorizer.authorize(alice, getPod).allowed()).isFalse();

    store.load(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: pod-metrics
          labels: {example.com/aggregate-to-monitoring: "true"}
        rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
        """);
    assertThat(authorizer.authorize(alice, getPod).allowed()).isTrue();

    store.delete("ClusterRole", "", "pod-metrics");
    assertThat(authorizer.authorize(alice, getPod).allowed()).isFalse();
  }

  @Test
  void nestedAggregationSettles() {
    store.load(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: admin-like}
        aggregationRule:
          clusterRoleSelectors:
            - matchExpressions: [{key: tier, operator: In, values: [admin]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: edit-like
          labels: {tier: admin}
        aggregationRule:
          clusterRoleSelectors: [{matchLabels: {tier: edit}}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: pods
          labels: {tier: edit}
        rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: alice-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin-like}
        subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
        """);

    assertThat(authorizer.authorize(alice, getPod).allowed()).isTrue();
  }

  @Test
  void concurrentChangesAndDecisionsDoNotInterfere() throws Exception {
    store.load(READER);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int writer = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    String name = "b-" + writer + "-" + i;
                    store.load(ALICE_READS.replace("alice-reads", name));
                    store.delete("RoleBinding", "ns", name);
                  }
                }));
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 400; i++) {
                    authorizer.authorize(alice, getPod);
                    authorizer.rulesFor(alice, "ns");
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(authorizer.authorize(alice, getPod).allowed()).isFalse();
    store.load(ALICE_READS);
    assertThat(authorizer.authorize(alice, getPod).allowed()).isTrue();
  }
}
