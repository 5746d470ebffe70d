package dev.countersign.plugin;

import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The target and its revisions, read with the approver's own credentials (the rights the
 * countersign-approver role grants); the decision core's workload view numbers the revisions
 * exactly as the operator does.
 */
final class WorkloadReads {
  private final KubernetesClient client;

  WorkloadReads(KubernetesClient client) {
    this.client = client;
  }

  /** The workload, or empty if it does not exist or {@code kind} is not supported. */
  Optional<Workload> find(String namespace, String kind, String name) {
    HasMetadata found =
        switch (kind) {
          case Workload.DEPLOYMENT ->
              client.apps().deployments().inNamespace(namespace).withName(name).get();
          case Workload.STATEFUL_SET ->
              client.apps().statefulSets().inNamespace(namespace).withName(name).get();
          case null, default -> null;
        };
    return Optional.ofNullable(found).map(Workload::of);
  }

  /** The revisions as {@code kubectl rollout history} numbers them. */
  RevisionHistory history(Workload workload) {
    String namespace = workload.namespace();
    return switch (workload.resource()) {
      case Deployment d ->
          RevisionHistory.ofDeployment(
              d, client.apps().replicaSets().inNamespace(namespace).list().getItems());
      case StatefulSet s ->
          RevisionHistory.ofStatefulSet(
              s, client.apps().controllerRevisions().inNamespace(namespace).list().getItems());
      default -> throw new IllegalArgumentException("unsupported kind " + workload.kind());
    };
  }
}
