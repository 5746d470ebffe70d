package dev.countersign.config;

import dev.countersign.reconciler.ActionRequestReconciler;
import dev.countersign.reconciler.AgentPolicyReconciler;
import dev.countersign.reconciler.ApprovalReconciler;
import dev.countersign.reconciler.NotificationChannelReconciler;
import dev.countersign.reconciler.OperatorAssembly;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Hands quarkus-operator-sdk the reconcilers {@link OperatorAssembly} builds, from Quarkus' client,
 * settings, clock and metrics registry. The reconciler classes are {@code @Vetoed}, so CDI never
 * builds copies of its own: the operator Quarkus runs is the one the tests build.
 */
@Singleton
public class OperatorBeans {

  @Produces
  @Singleton
  OperatorAssembly assembly(
      KubernetesClient client, CountersignConfig config, Clock clock, MeterRegistry registry) {
    return OperatorAssembly.assemble(client, config, clock, registry);
  }

  /**
   * On shutdown, once quarkus-operator-sdk has stopped the reconcilers (its observer runs at
   * priority 3123; a larger number runs later), the Events still queued are written while the
   * client is still open ({@code quarkus.operator-sdk.close-client-on-stop=false}: Quarkus closes
   * it with the other beans). Before, the SDK closed the client as it stopped, and every queued
   * Event was lost ("Client is closed").
   */
  void drainOnShutdown(
      @Observes @Priority(4000) ShutdownEvent shutdown, OperatorAssembly assembly) {
    assembly.close();
  }

  void close(@Disposes OperatorAssembly assembly) {
    assembly.close();
  }

  @Produces
  @Singleton
  ActionRequestReconciler actionRequests(OperatorAssembly assembly) {
    return assembly.actionRequests();
  }

  @Produces
  @Singleton
  AgentPolicyReconciler agentPolicies(OperatorAssembly assembly) {
    return assembly.agentPolicies();
  }

  @Produces
  @Singleton
  ApprovalReconciler approvals(OperatorAssembly assembly) {
    return assembly.approvals();
  }

  /**
   * Watches the operator's own namespace only ({@code
   * quarkus.operator-sdk.controllers.notificationchannel.namespaces} in application.properties):
   * the chart grants it a Role there, nothing cluster-wide.
   */
  @Produces
  @Singleton
  NotificationChannelReconciler notificationChannels(OperatorAssembly assembly) {
    return assembly.notificationChannels();
  }
}
