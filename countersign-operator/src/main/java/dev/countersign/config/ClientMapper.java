package dev.countersign.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.api.v1alpha1.SharedStrings;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The Kubernetes client's JSON mapper, as Quarkus builds it, reading short string values through
 * {@link SharedStrings}: the informer's thousands of cached requests then share their common values
 * instead of holding a copy each.
 */
@Singleton
public class ClientMapper implements KubernetesClientObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(SharedStrings.module());
  }
}
