package dev.countersign.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The revisions of a workload, oldest first, and the number of the one currently rolled out (null
 * when the workload has no revisions yet), numbered as {@code kubectl rollout history} numbers
 * them. Whoever reads the cluster (the operator, the plugin) lists the ReplicaSets or
 * ControllerRevisions of the namespace; this class picks the workload's own and numbers them.
 */
public record RevisionHistory(Long current, List<Revision> revisions) {

  /** On a Deployment and its ReplicaSets: the revision number. */
  public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

  public RevisionHistory {
    revisions = revisions.stream().sorted(Comparator.comparingLong(Revision::number)).toList();
  }

  /** A Deployment's revisions: the ReplicaSets it controls, numbered by their annotation. */
  public static RevisionHistory ofDeployment(Deployment deployment, List<ReplicaSet> replicaSets) {
    String uid = deployment.getMetadata().getUid();
    List<Revision> revisions = new ArrayList<>();
    for (ReplicaSet rs : replicaSets) {
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
   * A StatefulSet's revisions: the ControllerRevisions it owns; the current one is named by {@code
   * status.updateRevision}.
   */
  public static RevisionHistory ofStatefulSet(
      StatefulSet statefulSet, List<ControllerRevision> controllerRevisions) {
    String uid = statefulSet.getMetadata().getUid();
    String updateRevision =
        statefulSet.getStatus() == null ? null : statefulSet.getStatus().getUpdateRevision();
    List<Revision> revisions = new ArrayList<>();
    Long current = null;
    for (ControllerRevision cr : controllerRevisions) {
      if (!controlledBy(cr, uid) || cr.getRevision() == null) {
        continue;
      }
      revisions.add(new Revision(cr.getRevision(), PodTemplates.fromRevisionData(cr.getData())));
      if (Objects.equals(cr.getMetadata().getName(), updateRevision)) {
        current = cr.getRevision();
      }
    }
    return new RevisionHistory(current != null ? current : highest(revisions), revisions);
  }

  public Optional<Revision> find(long number) {
    return revisions.stream().filter(r -> r.number() == number).findFirst();
  }

  /** The highest-numbered revision below the current one: what {@code rollout undo} picks. */
  public Optional<Revision> previous() {
    if (current == null) {
      return Optional.empty();
    }
    return revisions.stream().filter(r -> r.number() < current).reduce((a, b) -> b);
  }

  public List<Long> numbers() {
    return revisions.stream().map(Revision::number).toList();
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
