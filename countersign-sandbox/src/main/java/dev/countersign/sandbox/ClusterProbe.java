package dev.countersign.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Tells whether the cluster of the current kubeconfig (or in-cluster config) answers. */
public final class ClusterProbe {
  private ClusterProbe() {}

  /** The API server URL if it answered {@code /version} within a few seconds, else null. */
  public static String reachableServer() {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withConnectionTimeout(3_000)
            .withRequestTimeout(3_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      client.getKubernetesVersion();
      return config.getMasterUrl();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
