package dev.countersign.testkit.controller;

import dev.countersign.workload.PodTemplates;
import dev.countersign.workload.RevisionHistory;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED Deployment controller: ReplicaSets numbered by the {@code
 * deployment.kubernetes.io/revision} annotation, and a status written through the status
 * subresource. See {@link SimulatedWorkloadController}.
 */
final class DeploymentRollouts {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedWorkloadController.class);

  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";

  private final KubernetesClient client;
  private final String namespace;
  private final BooleanSupplier rolloutsComplete;

  DeploymentRollouts(KubernetesClient client, String namespace, BooleanSupplier rolloutsComplete) {
    this.client = client;
    this.namespace = namespace;
    this.rolloutsComplete = rolloutsComplete;
  }

  void reconcile(String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
      return;
    }
    long generation = Ownership.orZero(d.getMetadata().getGeneration());
    long observed =
        d.getStatus() == null ? 0 : Ownership.orZero(d.getStatus().getObservedGeneration());
    PodTemplateSpec template = d.getSpec().getTemplate();
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
            .filter(rs -> Ownership.controlledBy(rs, d))
            .toList();
    Optional<ReplicaSet> matching =
        owned.stream()
            .filter(rs -> PodTemplates.same(rs.getSpec().getTemplate(), template))
            .max(Comparator.comparingLong(DeploymentRollouts::revision));
    if (matching.isPresent() && generation <= observed) {
      return;
    }
    long maxOld =
        owned.stream()
            .filter(rs -> matching.map(m -> m != rs).orElse(true))
            .mapToLong(DeploymentRollouts::revision)
            .max()
            .orElse(0);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    String newName;
    long revision;
    if (matching.isPresent()) {
      ReplicaSet rs = matching.get();
      newName = rs.getMetadata().getName();
      long was = revision(rs);
      revision = Math.max(was, maxOld + 1);
      if (revision != was) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(RevisionHistory.REVISION_ANNOTATION, String.valueOf(revision));
        annotations.put(REVISION_HISTORY, appendHistory(rs, was));
        mergePatchReplicaSet(newName, Map.of("metadata", Map.of("annotations", annotations)));
        LOG.info(
            "SIMULATED deployment controller: ReplicaSet {} is revision {} again (was {})",
            newName,
            revision,
            was);
      }
    } else {
      revision = maxOld + 1;
      String hash = Ownership.templateHash(template);
      newName = d.getMetadata().getName() + "-" + hash;
      PodTemplateSpec rsTemplate = PodTemplates.withoutHashLabel(template);
      Map<String, String> labels = new LinkedHashMap<>(Ownership.labelsOf(rsTemplate));
      labels.put(PodTemplates.POD_TEMPLATE_HASH, hash);
      rsTemplate.getMetadata().setLabels(labels);
      LabelSelector selector =
          d.getSpec().getSelector() == null
              ? new LabelSelector()
              : client.getKubernetesSerialization().clone(d.getSpec().getSelector());
      Map<String, String> matchLabels =
          new LinkedHashMap<>(
              selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
      matchLabels.put(PodTemplates.POD_TEMPLATE_HASH, hash);
      selector.setMatchLabels(matchLabels);
      client
          .apps()
          .replicaSets()
          .inNamespace(namespace)
          .resource(
              new ReplicaSetBuilder()
                  .withNewMetadata()
                  .withName(newName)
                  .withNamespace(namespace)
                  .withLabels(labels)
                  .addToAnnotations(RevisionHistory.REVISION_ANNOTATION, String.valueOf(revision))
                  .withOwnerReferences(Ownership.controllerRef(d))
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(replicas)
                  .withSelector(selector)
                  .withTemplate(rsTemplate)
                  .endSpec()
                  .build())
          .create();
      LOG.info(
          "SIMULATED deployment controller: created ReplicaSet {} as revision {} of Deployment {}",
          newName,
          revision,
          name);
    }
    for (ReplicaSet rs : owned) {
      boolean isNew = rs.getMetadata().getName().equals(newName);
      Integer want = isNew ? replicas : 0;
      if (!Objects.equals(rs.getSpec().getReplicas(), want)) {
        mergePatchReplicaSet(rs.getMetadata().getName(), Map.of("spec", Map.of("replicas", want)));
      }
    }
    Deployment current = d;
    String annotated =
        d.getMetadata().getAnnotations() == null
            ? null
            : d.getMetadata().getAnnotations().get(RevisionHistory.REVISION_ANNOTATION);
    if (!String.valueOf(revision).equals(annotated)) {
      current =
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(name)
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  Ownership.json(
                      client,
                      Map.of(
                          "metadata",
                          Map.of(
                              "annotations",
                              Map.of(
                                  RevisionHistory.REVISION_ANNOTATION,
                                  String.valueOf(revision))))));
    }
    writeDeploymentStatus(name, Ownership.orZero(current.getMetadata().getGeneration()), replicas);
  }

  /** Reports every Deployment's rollout in the namespace complete, as the controller would. */
  void finishAll() {
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      writeDeploymentStatus(
          d.getMetadata().getName(), Ownership.orZero(d.getMetadata().getGeneration()), replicas);
    }
  }

  private void writeDeploymentStatus(String name, long generation, int replicas) {
    boolean complete = rolloutsComplete.getAsBoolean();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("replicas", replicas);
    status.put("updatedReplicas", complete ? replicas : 0);
    status.put("readyReplicas", replicas);
    status.put("availableReplicas", replicas);
    status.put(
        "conditions",
        List.of(
            Map.of(
                "type", "Available",
                "status", "True",
                "reason", "MinimumReplicasAvailable",
                "message", "SIMULATED: Deployment has minimum availability."),
            Map.of(
                "type",
                "Progressing",
                "status",
                "True",
                "reason",
                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                "message",
                complete
                    ? "SIMULATED: ReplicaSet has successfully progressed."
                    : "SIMULATED: ReplicaSet is progressing (and never finishes).")));
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Ownership.json(client, Map.of("status", status)));
    LOG.debug(
        "SIMULATED deployment controller: Deployment {} generation {} observed, rollout {}",
        name,
        generation,
        complete ? "complete" : "in progress");
  }

  private void mergePatchReplicaSet(String name, Map<String, Object> patch) {
    client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Ownership.json(client, patch));
  }

  private static String appendHistory(ReplicaSet rs, long was) {
    String history =
        rs.getMetadata().getAnnotations() == null
            ? null
            : rs.getMetadata().getAnnotations().get(REVISION_HISTORY);
    return history == null || history.isBlank() ? String.valueOf(was) : history + "," + was;
  }

  private static long revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(RevisionHistory.REVISION_ANNOTATION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
