package dev.countersign.sandbox;

import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * What {@code make run} starts: the operator on the cluster of the current kubeconfig when one is
 * reachable, or else on an embedded API server with a demo scenario, so that a newcomer sees
 * Countersign work without a cluster. The operator's own image never contains this class.
 */
@QuarkusMain
public final class SandboxMain {
  private static final Logger LOG = Logger.getLogger(SandboxMain.class);

  private static volatile EmbeddedApiServer embedded;

  private SandboxMain() {}

  public static void main(String... args) {
    int port = HttpPort.configured(System.getProperties(), System.getenv());
    HttpPort.inUse(port)
        .ifPresent(
            problem -> {
              System.err.println(problem);
              System.exit(1);
            });
    String server = embeddedOnly() ? null : ClusterProbe.reachableServer();
    if (server != null) {
      LOG.infof("using the cluster of the current kubeconfig at %s", server);
    } else {
      // TLS: kubectl sends a bearer token only over TLS, and the sandbox is for kubectl too. With
      // the chart's MCP front door (its ServiceAccount, role and admission rules): the demo's
      // agent also files through it.
      EmbeddedApiServer api =
          EmbeddedApiServer.start(
              ServerOptions.defaults().withTls().withChartValue("mcp.enabled", true));
      embedded = api;
      Runtime.getRuntime().addShutdownHook(new Thread(api::close));
      LOG.infof(
          (embeddedOnly() ? "sandbox" : "no cluster is reachable")
              + ": started an EMBEDDED API server at %s (Fabric8's mock server"
              + " made strict: RBAC and admission from the Helm chart, CRD validation; no real"
              + " controllers)",
          api.url());
      System.setProperty("quarkus.kubernetes-client.api-server-url", api.url());
      System.setProperty("quarkus.kubernetes-client.trust-certs", "true");
      // The operator runs as the chart's ServiceAccount, with the chart's RBAC, as in a pod.
      System.setProperty(
          "quarkus.kubernetes-client.token",
          api.token(dev.countersign.testkit.Identities.OPERATOR));
      System.setProperty("countersign.demo.enabled", "true");
    }
    Quarkus.run(args);
  }

  /**
   * Whether to use an embedded API server even when the kubeconfig's cluster is reachable ({@code
   * make sandbox}): {@code -Dcountersign.demo.embedded=true} or {@code
   * COUNTERSIGN_DEMO_EMBEDDED=true}.
   */
  private static boolean embeddedOnly() {
    String value =
        System.getProperty("countersign.demo.embedded", System.getenv("COUNTERSIGN_DEMO_EMBEDDED"));
    return Boolean.parseBoolean(value);
  }

  /** The embedded API server this process started, or null when it runs on a real cluster. */
  static EmbeddedApiServer embedded() {
    return embedded;
  }
}
