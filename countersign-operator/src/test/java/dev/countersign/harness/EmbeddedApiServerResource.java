package dev.countersign.harness;

import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a {@code @QuarkusTest}'s operator against a fresh embedded API server with the CRDs and the
 * chart's RBAC, authenticated as the chart's ServiceAccount with a bearer token, as in a pod.
 */
public class EmbeddedApiServerResource implements QuarkusTestResourceLifecycleManager {
  private static volatile EmbeddedApiServer server;

  /** The running server, for the test's own clients (the admin's, an agent's). */
  public static EmbeddedApiServer server() {
    return server;
  }

  @Override
  public Map<String, String> start() {
    server = EmbeddedApiServer.start();
    return Map.of(
        "quarkus.kubernetes-client.api-server-url",
        server.url(),
        "quarkus.kubernetes-client.token",
        server.token(Identities.OPERATOR),
        "quarkus.kubernetes-client.trust-certs",
        "true");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
