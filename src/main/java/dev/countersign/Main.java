package dev.countersign;

import dev.countersign.embedded.ClusterProbe;
import dev.countersign.embedded.EmbeddedApiServer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Starts the operator. With {@code countersign.embedded=auto} (what {@code make run} sets) and no
 * reachable cluster, it first starts an embedded API server and a demo scenario on it, so that a
 * newcomer sees Countersign work without a cluster. In a real deployment the setting is off and the
 * operator uses its in-cluster or kubeconfig credentials, nothing else.
 */
@QuarkusMain
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class);

  private Main() {}

  public static void main(String... args) {
    String embedded =
        System.getProperty(
            "countersign.embedded", System.getenv().getOrDefault("COUNTERSIGN_EMBEDDED", "never"));
    if ("auto".equals(embedded)) {
      String server = ClusterProbe.reachableServer();
      if (server != null) {
        LOG.infof("using the cluster of the current kubeconfig at %s", server);
      } else {
        EmbeddedApiServer api = EmbeddedApiServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(api::close));
        LOG.infof(
            "no cluster is reachable: started an EMBEDDED API server at %s (Fabric8 mock server"
                + " in CRUD mode; no real controllers, RBAC or admission)",
            api.url());
        System.setProperty("quarkus.kubernetes-client.api-server-url", api.url());
        System.setProperty("quarkus.kubernetes-client.trust-certs", "true");
        System.setProperty("countersign.demo.enabled", "true");
      }
    }
    Quarkus.run(args);
  }
}
