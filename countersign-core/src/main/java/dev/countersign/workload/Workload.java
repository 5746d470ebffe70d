package dev.countersign.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;

/** A Deployment or StatefulSet, read live from the API server (not from a cache). */
public interface Workload {

  String DEPLOYMENT = "Deployment";
  String STATEFUL_SET = "StatefulSet";

  String kind();

  String namespace();

  String name();

  String uid();

  /** {@code metadata.generation}, 0 when unset. */
  long generation();

  /** {@code spec.replicas}, defaulting to 1 as the API server does. */
  int replicas();

  /** {@code metadata.labels}, never null. */
  Map<String, String> labels();

  /** {@code metadata.annotations}, never null. */
  Map<String, String> annotations();

  /** {@code spec.template}. */
  PodTemplateSpec template();

  /** The object as read. */
  HasMetadata resource();

  /** E.g. "Deployment web", as messages name a workload. */
  default String describe() {
    return kind() + " " + name();
  }

  /**
   * Wraps a Deployment or StatefulSet.
   *
   * @throws IllegalArgumentException for any other kind
   */
  static Workload of(HasMetadata resource) {
    return switch (resource) {
      case Deployment d -> new DeploymentWorkload(d);
      case StatefulSet s -> new StatefulSetWorkload(s);
      default ->
          throw new IllegalArgumentException("not a supported workload: " + resource.getKind());
    };
  }
}
