package dev.countersign.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Objects;

/** A live Deployment. */
record DeploymentWorkload(Deployment deployment) implements Workload {

  DeploymentWorkload {
    Objects.requireNonNull(deployment.getSpec(), "Deployment without spec");
  }

  @Override
  public String kind() {
    return DEPLOYMENT;
  }

  @Override
  public String namespace() {
    return deployment.getMetadata().getNamespace();
  }

  @Override
  public String name() {
    return deployment.getMetadata().getName();
  }

  @Override
  public String uid() {
    return deployment.getMetadata().getUid();
  }

  @Override
  public long generation() {
    Long generation = deployment.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  @Override
  public int replicas() {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  @Override
  public Map<String, String> labels() {
    return orEmpty(deployment.getMetadata().getLabels());
  }

  @Override
  public Map<String, String> annotations() {
    return orEmpty(deployment.getMetadata().getAnnotations());
  }

  @Override
  public PodTemplateSpec template() {
    return deployment.getSpec().getTemplate();
  }

  @Override
  public HasMetadata resource() {
    return deployment;
  }

  static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
