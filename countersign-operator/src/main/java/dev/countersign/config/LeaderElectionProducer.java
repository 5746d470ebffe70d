package dev.countersign.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import java.util.UUID;

/**
 * Gives quarkus-operator-sdk the leader election settings it looks up at start (in the {@code prod}
 * profile): a Lease named {@code countersign.leader-election.lease-name}, so that of the chart's
 * replicas only the leader reconciles. Losing or giving up the Lease is {@link LeaseHandover}'s
 * business, not JOSDK's exit. Produces nothing when leader election is disabled.
 */
@Dependent
public class LeaderElectionProducer {

  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(
      CountersignConfig config, LeaseHandover handover, KubernetesClient client) {
    var settings = config.leaderElection();
    if (!settings.enabled()) {
      return null;
    }
    String namespace =
        settings
            .leaseNamespace()
            .or(() -> nonBlank(System.getenv("POD_NAMESPACE")))
            .orElseGet(client::getNamespace);
    String identity =
        nonBlank(System.getenv("HOSTNAME")).orElseGet(() -> UUID.randomUUID().toString());
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
        .withLeaseNamespace(namespace)
        .withIdentity(identity)
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withLeaderCallbacks(handover.callbacks(namespace, settings.leaseName(), identity))
        .withExitOnStopLeading(false)
        .build();
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
