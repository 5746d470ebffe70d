package dev.countersign.execution;

import dev.countersign.kube.Patches;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Optional;

/**
 * Reads Deployments and StatefulSets and their revision history live from the API server, the way
 * {@code kubectl rollout history} does.
 */
public class Workloads {

  private final KubernetesClient client;

  public Workloads(KubernetesClient client) {
    this.client = client;
  }

  /** The workload, or empty if it does not exist or {@code kind} is not supported. */
  public Optional<Workload> find(String namespace, String kind, String name) {
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

  /**
   * Patches the workload; {@code body} is serialized to JSON, so values are escaped properly.
   * {@code KubernetesClientException} propagates.
   */
  public void patch(Workload workload, PatchType type, Object body) {
    Patches.patch(
        client,
        type(workload),
        workload.namespace(),
        workload.name(),
        null,
        type,
        client.getKubernetesSerialization().asJson(body));
  }

  /**
   * A JSON merge patch of the workload's {@code scale} subresource (which needs only update rights
   * on {@code <kind>/scale}, not on the workload itself); the answer, a Scale, is not needed.
   */
  public void patchScale(Workload workload, String patch) {
    Patches.patch(
        client,
        type(workload),
        workload.namespace(),
        workload.name(),
        "scale",
        PatchType.JSON_MERGE,
        patch);
  }

  private static Class<? extends HasMetadata> type(Workload workload) {
    return switch (workload.kind()) {
      case Workload.DEPLOYMENT -> Deployment.class;
      case Workload.STATEFUL_SET -> StatefulSet.class;
      default -> throw new IllegalArgumentException("unsupported kind " + workload.kind());
    };
  }

  /** The revisions as {@code kubectl rollout history} numbers them, read live. */
  public RevisionHistory history(Workload workload) {
    return switch (workload.resource()) {
      case Deployment d ->
          RevisionHistory.ofDeployment(
              d,
              client
                  .apps()
                  .replicaSets()
                  .inNamespace(d.getMetadata().getNamespace())
                  .list()
                  .getItems());
      case StatefulSet s ->
          RevisionHistory.ofStatefulSet(
              s,
              client
                  .apps()
                  .controllerRevisions()
                  .inNamespace(s.getMetadata().getNamespace())
                  .list()
                  .getItems());
      default -> throw new IllegalArgumentException("unsupported kind " + workload.kind());
    };
  }
}
