package dev.countersign.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Gives quarkus-operator-sdk the leader election settings it looks up at start (in the {@code prod}
 * profile): a Lease named {@code countersign.leader-election.lease-name}, so that of the chart's
 * replicas only the leader reconciles. Produces nothing when leader election is disabled.
 */
@Dependent
public class LeaderElectionProducer {

  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(CountersignConfig config) {
    var settings = config.leaderElection();
    if (!settings.enabled()) {
      return null;
    }
    String namespace = settings.leaseNamespace().orElseGet(() -> System.getenv("POD_NAMESPACE"));
    return namespace == null || namespace.isBlank()
        ? new LeaderElectionConfiguration(settings.leaseName())
        : new LeaderElectionConfiguration(settings.leaseName(), namespace);
  }
}
