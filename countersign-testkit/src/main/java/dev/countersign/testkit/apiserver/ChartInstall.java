package dev.countersign.testkit.apiserver;

import dev.countersign.testkit.apiserver.auth.UserInfo;
import dev.countersign.testkit.chart.RenderedChart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installs what the Helm chart renders that the API server itself acts on: the release namespace
 * and ServiceAccount, every Role, ClusterRole and binding, and the ValidatingAdmissionPolicy with
 * its binding, created through the API as the cluster admin, so the server enforces exactly what
 * the chart ships. (The operator's Deployment and Service need a kubelet; tests run the operator
 * themselves, with the ServiceAccount's identity.)
 */
final class ChartInstall {
  /** The kinds installed, in the order a cluster needs them. */
  private static final List<String> KINDS =
      List.of(
          "Namespace",
          "ServiceAccount",
          "ClusterRole",
          "Role",
          "ClusterRoleBinding",
          "RoleBinding",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding");

  /** Rendering takes a moment (Helm's Go library); each set of values is rendered once. */
  private static final Map<Map<String, Object>, RenderedChart> RENDERED = new ConcurrentHashMap<>();

  private ChartInstall() {}

  static void install(KubernetesClient admin, Map<String, Object> values) {
    RenderedChart chart =
        RENDERED.computeIfAbsent(Map.copyOf(values), v -> RenderedChart.render(withNamespace(v)));
    for (String kind : KINDS) {
      for (Map<String, Object> object : chart.ofKind(kind)) {
        admin.resource(Serialization.asJson(object)).createOr(existing -> existing.update());
      }
    }
  }

  /** The chart creates its namespace only when told to; a cluster admin would create it first. */
  private static Map<String, Object> withNamespace(Map<String, Object> values) {
    Map<String, Object> all = new java.util.HashMap<>(values);
    all.putIfAbsent("namespace.create", true);
    return all;
  }

  static void bind(KubernetesClient admin, String clusterRole, String namespace, UserInfo who) {
    String name = (clusterRole + "-" + who.username()).replaceAll("[^a-z0-9.-]", "-");
    Subject subject = subject(who);
    HasMetadata binding =
        namespace == null
            ? new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .withSubjects(subject)
                .build()
            : new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .withSubjects(subject)
                .build();
    admin.resource(binding).createOr(existing -> existing.update());
  }

  private static Subject subject(UserInfo who) {
    String prefix = "system:serviceaccount:";
    if (who.username().startsWith(prefix)) {
      String[] parts = who.username().substring(prefix.length()).split(":", 2);
      return new SubjectBuilder()
          .withKind("ServiceAccount")
          .withNamespace(parts[0])
          .withName(parts[1])
          .build();
    }
    return new SubjectBuilder()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("User")
        .withName(who.username())
        .build();
  }
}
