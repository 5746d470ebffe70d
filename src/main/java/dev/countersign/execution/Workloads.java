package dev.countersign.execution;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Deployments and StatefulSets and their revision history live from the API server, the way
 * {@code kubectl rollout history} does.
 */
@ApplicationScoped
public class Workloads {

  /** On a Deployment and its ReplicaSets: the revision number. */
  public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

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

  /** The workload's API handle, for patches. */
  public Resource<? extends HasMetadata> resource(Workload workload) {
    return switch (workload.kind()) {
      case Workload.DEPLOYMENT ->
          client.apps().deployments().inNamespace(workload.namespace()).withName(workload.name());
      case Workload.STATEFUL_SET ->
          client.apps().statefulSets().inNamespace(workload.namespace()).withName(workload.name());
      default -> throw new IllegalArgumentException("unsupported kind " + workload.kind());
    };
  }

  /**
   * Patches the workload; {@code body} is serialized to JSON, so values are escaped properly.
   * {@code KubernetesClientException} propagates.
   */
  public void patch(Workload workload, PatchType type, Object body) {
    resource(workload)
        .patch(PatchContext.of(type), client.getKubernetesSerialization().asJson(body));
  }

  /** The revisions as {@code kubectl rollout history} numbers them. */
  public RevisionHistory history(Workload workload) {
    return switch (workload.resource()) {
      case Deployment d -> deploymentHistory(d);
      case StatefulSet s -> statefulSetHistory(s);
      default -> throw new IllegalArgumentException("unsupported kind " + workload.kind());
    };
  }

  /** Revisions are the ReplicaSets the Deployment controls, numbered by their annotation. */
  private RevisionHistory deploymentHistory(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    List<Revision> revisions = new ArrayList<>();
    for (ReplicaSet rs :
        client
            .apps()
            .replicaSets()
            .inNamespace(deployment.getMetadata().getNamespace())
            .list()
            .getItems()) {
      Long number = revisionNumber(rs.getMetadata().getAnnotations());
      if (controlledBy(rs, uid) && number != null && rs.getSpec() != null) {
        revisions.add(
            new Revision(number, PodTemplates.withoutHashLabel(rs.getSpec().getTemplate())));
      }
    }
    Long current = revisionNumber(deployment.getMetadata().getAnnotations());
    return new RevisionHistory(current != null ? current : highest(revisions), revisions);
  }

  /**
   * Revisions are the ControllerRevisions the StatefulSet owns; the current one is named by {@code
   * status.updateRevision}.
   */
  private RevisionHistory statefulSetHistory(StatefulSet statefulSet) {
    String uid = statefulSet.getMetadata().getUid();
    String updateRevision =
        statefulSet.getStatus() == null ? null : statefulSet.getStatus().getUpdateRevision();
    List<Revision> revisions = new ArrayList<>();
    Long current = null;
    for (ControllerRevision cr :
        client
            .apps()
            .controllerRevisions()
            .inNamespace(statefulSet.getMetadata().getNamespace())
            .list()
            .getItems()) {
      if (!controlledBy(cr, uid) || cr.getRevision() == null) {
        continue;
      }
      revisions.add(new Revision(cr.getRevision(), templateOf(cr)));
      if (Objects.equals(cr.getMetadata().getName(), updateRevision)) {
        current = cr.getRevision();
      }
    }
    return new RevisionHistory(current != null ? current : highest(revisions), revisions);
  }

  /** The {@code spec.template} recorded in a ControllerRevision's raw {@code data}. */
  private static PodTemplateSpec templateOf(ControllerRevision revision) {
    return PodTemplates.fromRevisionData(revision.getData());
  }

  private static boolean controlledBy(HasMetadata owned, String ownerUid) {
    List<OwnerReference> refs = owned.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(
                ref ->
                    Objects.equals(ref.getUid(), ownerUid)
                        && Boolean.TRUE.equals(ref.getController()));
  }

  private static Long revisionNumber(Map<String, String> annotations) {
    String value = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long highest(List<Revision> revisions) {
    return revisions.stream().map(Revision::number).max(Long::compare).orElse(null);
  }
}
