package dev.countersign.harness;

import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs a {@code @QuarkusTest}'s operator against a fresh embedded API server with the CRDs. */
public class EmbeddedApiServerResource implements QuarkusTestResourceLifecycleManager {
  private EmbeddedApiServer server;

  @Override
  public Map<String, String> start() {
    server = EmbeddedApiServer.start();
    return Map.of(
        "quarkus.kubernetes-client.api-server-url",
        server.url(),
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
