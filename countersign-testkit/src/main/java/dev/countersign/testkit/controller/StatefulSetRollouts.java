package dev.countersign.testkit.controller;

import dev.countersign.workload.PodTemplates;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED StatefulSet controller: ControllerRevisions with the next {@code revision} and {@code
 * status.updateRevision} naming the current one. See {@link SimulatedWorkloadController}.
 */
final class StatefulSetRollouts {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedWorkloadController.class);

  private final KubernetesClient client;
  private final String namespace;
  private final BooleanSupplier rolloutsComplete;

  StatefulSetRollouts(KubernetesClient client, String namespace, BooleanSupplier rolloutsComplete) {
    this.client = client;
    this.namespace = namespace;
    this.rolloutsComplete = rolloutsComplete;
  }

  void reconcile(String name) {
    StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (s == null || s.getSpec() == null || s.getSpec().getTemplate() == null) {
      return;
    }
    long generation = Ownership.orZero(s.getMetadata().getGeneration());
    long observed =
        s.getStatus() == null ? 0 : Ownership.orZero(s.getStatus().getObservedGeneration());
    PodTemplateSpec template = s.getSpec().getTemplate();
    List<ControllerRevision> owned =
        client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream()
            .filter(cr -> Ownership.controlledBy(cr, s))
            .toList();
    Optional<ControllerRevision> matching =
        owned.stream()
            .filter(cr -> PodTemplates.same(PodTemplates.fromRevisionData(cr.getData()), template))
            .max(Comparator.comparingLong(cr -> Ownership.orZero(cr.getRevision())));
    if (matching.isPresent() && generation <= observed) {
      return;
    }
    long max = owned.stream().mapToLong(cr -> Ownership.orZero(cr.getRevision())).max().orElse(0);
    String revisionName;
    if (matching.isPresent()) {
      ControllerRevision cr = matching.get();
      revisionName = cr.getMetadata().getName();
      long was = Ownership.orZero(cr.getRevision());
      if (was != max) {
        client
            .apps()
            .controllerRevisions()
            .inNamespace(namespace)
            .withName(revisionName)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Ownership.json(client, Map.of("revision", max + 1)));
        LOG.info(
            "SIMULATED statefulset controller: ControllerRevision {} is revision {} again (was {})",
            revisionName,
            max + 1,
            was);
      }
    } else {
      revisionName = name + "-" + Ownership.templateHash(template);
      @SuppressWarnings("unchecked")
      Map<String, Object> templateData =
          new LinkedHashMap<>(
              client.getKubernetesSerialization().convertValue(template, Map.class));
      templateData.put("$patch", "replace");
      client
          .apps()
          .controllerRevisions()
          .inNamespace(namespace)
          .resource(
              new ControllerRevisionBuilder()
                  .withNewMetadata()
                  .withName(revisionName)
                  .withNamespace(namespace)
                  .withLabels(Ownership.labelsOf(template))
                  .withOwnerReferences(Ownership.controllerRef(s))
                  .endMetadata()
                  .withRevision(max + 1)
                  .withData(Map.of("spec", Map.of("template", templateData)))
                  .build())
          .create();
      LOG.info(
          "SIMULATED statefulset controller: created ControllerRevision {} as revision {} of"
              + " StatefulSet {}",
          revisionName,
          max + 1,
          name);
    }
    boolean complete = rolloutsComplete.getAsBoolean();
    int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    String currentRevision =
        complete || s.getStatus() == null || s.getStatus().getCurrentRevision() == null
            ? revisionName
            : s.getStatus().getCurrentRevision();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("replicas", replicas);
    status.put("readyReplicas", replicas);
    status.put("availableReplicas", replicas);
    status.put("currentReplicas", complete ? replicas : 0);
    status.put("updatedReplicas", complete ? replicas : 0);
    status.put("currentRevision", currentRevision);
    status.put("updateRevision", revisionName);
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Ownership.json(client, Map.of("status", status)));
    LOG.debug(
        "SIMULATED statefulset controller: StatefulSet {} generation {} observed, rollout {}",
        name,
        generation,
        complete ? "complete" : "in progress");
  }
}
