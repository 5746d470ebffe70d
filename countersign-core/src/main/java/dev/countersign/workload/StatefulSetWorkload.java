package dev.countersign.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Objects;

/** A live StatefulSet. */
record StatefulSetWorkload(StatefulSet statefulSet) implements Workload {

  StatefulSetWorkload {
    Objects.requireNonNull(statefulSet.getSpec(), "StatefulSet without spec");
  }

  @Override
  public String kind() {
    return STATEFUL_SET;
  }

  @Override
  public String namespace() {
    return statefulSet.getMetadata().getNamespace();
  }

  @Override
  public String name() {
    return statefulSet.getMetadata().getName();
  }

  @Override
  public String uid() {
    return statefulSet.getMetadata().getUid();
  }

  @Override
  public long generation() {
    Long generation = statefulSet.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  @Override
  public int replicas() {
    Integer replicas = statefulSet.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  @Override
  public Map<String, String> labels() {
    return orEmpty(statefulSet.getMetadata().getLabels());
  }

  @Override
  public Map<String, String> annotations() {
    return orEmpty(statefulSet.getMetadata().getAnnotations());
  }

  @Override
  public PodTemplateSpec template() {
    return statefulSet.getSpec().getTemplate();
  }

  @Override
  public HasMetadata resource() {
    return statefulSet;
  }

  static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
