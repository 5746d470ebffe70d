package dev.countersign.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * What a replica does when it stops leading. JOSDK's own answer is {@code System.exit(1)} from the
 * leader elector's callback; during a SIGTERM that call runs inside Quarkus' shutdown and blocks on
 * it forever (the pod hangs until SIGKILL and the Lease is held until it expires). So Countersign
 * turns JOSDK's exit off and decides here: a replica that is shutting down hands the Lease over
 * (empty holder, as Fabric8's own release does), so the next replica leads on its next retry; a
 * replica that lost the Lease while running exits, so that no two replicas ever act at once.
 */
@ApplicationScoped
public class LeaseHandover {
  private static final Logger LOG = Logger.getLogger(LeaseHandover.class);

  private final KubernetesClient client;
  private final AtomicBoolean stopping = new AtomicBoolean();

  LeaseHandover(KubernetesClient client) {
    this.client = client;
  }

  /** Marks the start of a shutdown, before the operator (and with it the elector) is stopped. */
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    stopping.set(true);
  }

  /** The callbacks for a Lease held as {@code identity}. */
  LeaderCallbacks callbacks(String namespace, String leaseName, String identity) {
    return new LeaderCallbacks(
        () -> LOG.infof("leading as %s (Lease %s/%s)", identity, namespace, leaseName),
        () -> stoppedLeading(namespace, leaseName, identity),
        leader -> {});
  }

  private void stoppedLeading(String namespace, String leaseName, String identity) {
    if (!stopping.get()) {
      LOG.errorf(
          "lost the Lease %s/%s as %s while running: exiting so that only one replica acts",
          namespace, leaseName, identity);
      Quarkus.asyncExit(1);
      return;
    }
    try {
      release(new LeaseLock(namespace, leaseName, identity));
    } catch (RuntimeException e) {
      LOG.warnf(
          "could not hand the Lease %s/%s over (%s); the next replica leads once it expires",
          namespace, leaseName, e.getMessage());
    }
  }

  private void release(LeaseLock lock) {
    LeaderElectionRecord current = lock.get(client);
    if (current == null || !lock.identity().equals(current.getHolderIdentity())) {
      return;
    }
    ZonedDateTime now = ZonedDateTime.now();
    lock.update(
        client,
        new LeaderElectionRecord(
            "", Duration.ofSeconds(1), now, now, current.getLeaderTransitions()));
    LOG.infof("shutting down: handed the Lease over (%s)", lock.describe());
  }
}
