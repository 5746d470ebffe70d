package dev.countersign.bench;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestSpecBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The identities {@code make bench-cluster} acts as besides the caller: ServiceAccounts of its
 * namespace bound there to one of the chart's ClusterRoles, and short-lived tokens (TokenRequest)
 * for them or for a ServiceAccount the chart made.
 */
public final class BenchAccounts {
  private BenchAccounts() {}

  /**
   * Whether the cluster has the chart's ClusterRole {@code clusterRole} (its user roles can be left
   * out); when not, says that {@code part} of the benchmark is skipped, and why.
   */
  public static boolean hasChartRole(KubernetesClient client, String clusterRole, String part) {
    if (client.rbac().clusterRoles().withName(clusterRole).get() != null) {
      return true;
    }
    System.out.printf(
        "%n%s skipped: the cluster has no ClusterRole %s (the chart makes it unless"
            + " userRoles.enabled=false)%n",
        part, clusterRole);
    return false;
  }

  /**
   * Creates ServiceAccount {@code name} in {@code namespace}, bound there to {@code clusterRole}.
   */
  public static void create(
      KubernetesClient client, String namespace, String name, String clusterRole) {
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }

  /**
   * An hour's token for ServiceAccount {@code namespace/name}, bound to {@code audiences} (none:
   * the API server's own).
   */
  public static String token(
      KubernetesClient client, String namespace, String name, List<String> audiences) {
    var spec = new TokenRequestSpecBuilder().withExpirationSeconds(3600L);
    if (!audiences.isEmpty()) {
      spec.withAudiences(audiences);
    }
    return client
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(name)
        .tokenRequest(new TokenRequestBuilder().withSpec(spec.build()).build())
        .getStatus()
        .getToken();
  }

  /**
   * How to reach the caller's cluster (its server and how it is trusted) with {@code token} alone:
   * none of the caller's own credentials.
   */
  public static Config configWithToken(Config caller, String namespace, String token)
      throws IOException {
    Path kubeconfig = ListingBench.writeKubeconfig(caller, namespace, token);
    try {
      return Config.fromKubeconfig(kubeconfig.toFile());
    } finally {
      Files.delete(kubeconfig);
    }
  }

  /** A client of the caller's cluster that authenticates with {@code token} alone. */
  public static KubernetesClient clientWithToken(Config caller, String namespace, String token)
      throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(configWithToken(caller, namespace, token))
        .build();
  }
}
