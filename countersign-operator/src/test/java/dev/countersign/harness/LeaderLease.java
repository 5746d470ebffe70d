package dev.countersign.harness;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * The Lease the operator's replicas elect their leader with, as the tests that stop leaders read
 * it: the chart's name and namespace.
 */
public final class LeaderLease {
  public static final String NAME = "countersign-operator";
  public static final String NAMESPACE = "countersign-system";

  private LeaderLease() {}

  /** Who holds the Lease now, or null when nobody does. */
  public static String holder(KubernetesClient admin) {
    Lease lease = admin.resources(Lease.class).inNamespace(NAMESPACE).withName(NAME).get();
    String holder = lease == null ? null : lease.getSpec().getHolderIdentity();
    return holder == null || holder.isBlank() ? null : holder;
  }

  /** The holder once someone other than {@code previous} (null: anyone) holds it, within 20 s. */
  public static String awaitHolderOtherThan(KubernetesClient admin, String previous) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> holder(admin), holder -> holder != null && !holder.equals(previous));
  }
}
