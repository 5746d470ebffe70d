package dev.countersign.cli;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Finds out who the caller is. */
@FunctionalInterface
public interface IdentityResolver {

  /**
   * The caller's identity.
   *
   * @param client a client authenticated as the caller
   * @param kubeconfigUser the user entry the kubeconfig context names, for a fallback
   */
  Identity resolve(KubernetesClient client, String kubeconfigUser);
}
