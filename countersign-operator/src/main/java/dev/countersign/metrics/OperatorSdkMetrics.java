package dev.countersign.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's own reconciliation metrics ({@code operator_sdk_*}), per controller and never per
 * resource. quarkus-operator-sdk's default tags them with each resource's name and namespace: one
 * set of meters per ActionRequest ever seen, which grows without bound in memory and in the
 * Prometheus series it costs.
 */
@Singleton
public class OperatorSdkMetrics {
  @Produces
  @Singleton
  Metrics operatorSdkMetrics(MeterRegistry registry) {
    return MicrometerMetrics.withoutPerResourceMetrics(registry);
  }
}
