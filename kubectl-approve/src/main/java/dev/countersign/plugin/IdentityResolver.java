package dev.countersign.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

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

  /**
   * Starts resolving on a daemon thread, so that the question to the API server overlaps the
   * command's own first call; the supplier waits for the answer and rethrows what resolving threw.
   */
  default Supplier<Identity> inBackground(Connection connection) {
    CompletableFuture<Identity> answer =
        DaemonTask.start(
            "kubectl-approve-identity",
            () -> resolve(connection.client(), connection.kubeconfigUser()));
    return () -> {
      try {
        return answer.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    };
  }
}
