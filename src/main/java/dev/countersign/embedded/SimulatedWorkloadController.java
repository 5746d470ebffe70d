package dev.countersign.embedded;

import dev.countersign.execution.PodTemplates;
import dev.countersign.execution.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * SIMULATED stand-in for kube-controller-manager's Deployment and StatefulSet controllers, for the
 * Fabric8 mock API server (which runs no controllers) in tests and the demo. Never use it against a
 * real cluster.
 *
 * <p>For every Deployment or StatefulSet in one namespace whose pod template is new, or whose
 * {@code metadata.generation} is ahead of {@code status.observedGeneration}, it does what the real
 * controllers would do to the API objects, and nothing else (no pods):
 *
 * <ul>
 *   <li>Deployment: a ReplicaSet {@code <name>-<hash>} controlled by the Deployment, whose template
 *       carries the {@code pod-template-hash} label and whose {@code
 *       deployment.kubernetes.io/revision} annotation is the next number; the Deployment gets the
 *       same annotation. Rolling back to the template of an existing ReplicaSet re-numbers that
 *       ReplicaSet to the next number (recording the old one in {@code
 *       deployment.kubernetes.io/revision-history}), as Kubernetes does.
 *   <li>StatefulSet: a ControllerRevision with the next {@code revision} and {@code data} {@code
 *       {"spec":{"template":{...,"$patch":"replace"}}}}; an existing equal revision is re-numbered.
 *       {@code status.updateRevision} names it.
 *   <li>Status, through the status subresource: the rollout is complete at once ({@code
 *       observedGeneration} = {@code generation}, all replica counts = {@code spec.replicas}), or,
 *       after {@link #setRolloutsComplete setRolloutsComplete(false)}, observed but never finished.
 * </ul>
 */
public final class SimulatedWorkloadController implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SimulatedWorkloadController.class);

  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";

  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final String namespace;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean rolloutsComplete = true;

  public SimulatedWorkloadController(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Whether rollouts finish as soon as they are observed (the default), or stay in progress
   * forever.
   */
  public void setRolloutsComplete(boolean complete) {
    this.rolloutsComplete = complete;
  }

  public synchronized SimulatedWorkloadController start() {
    if (informers.isEmpty()) {
      informers.add(
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .inform(onChange(d -> reconcile(d, this::reconcileDeployment))));
      informers.add(
          client
              .apps()
              .statefulSets()
              .inNamespace(namespace)
              .inform(onChange(s -> reconcile(s, this::reconcileStatefulSet))));
      LOG.infof(
          "SIMULATED workload controller watching Deployments and StatefulSets in namespace %s"
              + " (no real controller: revisions and status are faked)",
          namespace);
    }
    return this;
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> onChange(Consumer<T> action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        action.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        action.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private static <T extends HasMetadata> void reconcile(T seen, Consumer<String> reconciler) {
    String name = seen.getMetadata().getName();
    for (int attempt = 1; ; attempt++) {
      try {
        reconciler.accept(name);
        return;
      } catch (KubernetesClientException e) {
        if (attempt == 3) {
          LOG.warnf(e, "SIMULATED controller gave up on %s %s", seen.getKind(), name);
          return;
        }
      }
    }
  }

  // ---- Deployments ------------------------------------------------------------------------------

  private void reconcileDeployment(String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
      return;
    }
    long generation = orZero(d.getMetadata().getGeneration());
    long observed = d.getStatus() == null ? 0 : orZero(d.getStatus().getObservedGeneration());
    PodTemplateSpec template = d.getSpec().getTemplate();
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
            .filter(rs -> controlledBy(rs, d))
            .toList();
    Optional<ReplicaSet> matching =
        owned.stream()
            .filter(rs -> PodTemplates.same(rs.getSpec().getTemplate(), template))
            .max(Comparator.comparingLong(SimulatedWorkloadController::revision));
    if (matching.isPresent() && generation <= observed) {
      return;
    }
    long maxOld =
        owned.stream()
            .filter(rs -> matching.map(m -> m != rs).orElse(true))
            .mapToLong(SimulatedWorkloadController::revision)
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
        annotations.put(Workloads.REVISION_ANNOTATION, String.valueOf(revision));
        annotations.put(REVISION_HISTORY, appendHistory(rs, was));
        mergePatchReplicaSet(newName, Map.of("metadata", Map.of("annotations", annotations)));
        LOG.infof(
            "SIMULATED deployment controller: ReplicaSet %s is revision %d again (was %d)",
            newName, revision, was);
      }
    } else {
      revision = maxOld + 1;
      String hash = hash(template);
      newName = d.getMetadata().getName() + "-" + hash;
      PodTemplateSpec rsTemplate = PodTemplates.withoutHashLabel(template);
      Map<String, String> labels = new LinkedHashMap<>(labelsOf(rsTemplate));
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
                  .addToAnnotations(Workloads.REVISION_ANNOTATION, String.valueOf(revision))
                  .withOwnerReferences(controllerRef(d))
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(replicas)
                  .withSelector(selector)
                  .withTemplate(rsTemplate)
                  .endSpec()
                  .build())
          .create();
      LOG.infof(
          "SIMULATED deployment controller: created ReplicaSet %s as revision %d of Deployment %s",
          newName, revision, name);
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
            : d.getMetadata().getAnnotations().get(Workloads.REVISION_ANNOTATION);
    if (!String.valueOf(revision).equals(annotated)) {
      current =
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(name)
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  json(
                      Map.of(
                          "metadata",
                          Map.of(
                              "annotations",
                              Map.of(Workloads.REVISION_ANNOTATION, String.valueOf(revision))))));
    }
    writeDeploymentStatus(name, orZero(current.getMetadata().getGeneration()), replicas);
  }

  private void writeDeploymentStatus(String name, long generation, int replicas) {
    boolean complete = rolloutsComplete;
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
        .patch(PatchContext.of(PatchType.JSON_MERGE), json(Map.of("status", status)));
    LOG.debugf(
        "SIMULATED deployment controller: Deployment %s generation %d observed, rollout %s",
        name, generation, complete ? "complete" : "in progress");
  }

  private void mergePatchReplicaSet(String name, Map<String, Object> patch) {
    client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json(patch));
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
    String value = annotations == null ? null : annotations.get(Workloads.REVISION_ANNOTATION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // ---- StatefulSets -----------------------------------------------------------------------------

  private void reconcileStatefulSet(String name) {
    StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (s == null || s.getSpec() == null || s.getSpec().getTemplate() == null) {
      return;
    }
    long generation = orZero(s.getMetadata().getGeneration());
    long observed = s.getStatus() == null ? 0 : orZero(s.getStatus().getObservedGeneration());
    PodTemplateSpec template = s.getSpec().getTemplate();
    List<ControllerRevision> owned =
        client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream()
            .filter(cr -> controlledBy(cr, s))
            .toList();
    Optional<ControllerRevision> matching =
        owned.stream()
            .filter(cr -> PodTemplates.same(PodTemplates.fromRevisionData(cr.getData()), template))
            .max(Comparator.comparingLong(cr -> orZero(cr.getRevision())));
    if (matching.isPresent() && generation <= observed) {
      return;
    }
    long max = owned.stream().mapToLong(cr -> orZero(cr.getRevision())).max().orElse(0);
    String revisionName;
    if (matching.isPresent()) {
      ControllerRevision cr = matching.get();
      revisionName = cr.getMetadata().getName();
      long was = orZero(cr.getRevision());
      if (was != max) {
        client
            .apps()
            .controllerRevisions()
            .inNamespace(namespace)
            .withName(revisionName)
            .patch(PatchContext.of(PatchType.JSON_MERGE), json(Map.of("revision", max + 1)));
        LOG.infof(
            "SIMULATED statefulset controller: ControllerRevision %s is revision %d again (was %d)",
            revisionName, max + 1, was);
      }
    } else {
      revisionName = name + "-" + hash(template);
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
                  .withLabels(labelsOf(template))
                  .withOwnerReferences(controllerRef(s))
                  .endMetadata()
                  .withRevision(max + 1)
                  .withData(Map.of("spec", Map.of("template", templateData)))
                  .build())
          .create();
      LOG.infof(
          "SIMULATED statefulset controller: created ControllerRevision %s as revision %d of"
              + " StatefulSet %s",
          revisionName, max + 1, name);
    }
    boolean complete = rolloutsComplete;
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
        .patch(PatchContext.of(PatchType.JSON_MERGE), json(Map.of("status", status)));
    LOG.debugf(
        "SIMULATED statefulset controller: StatefulSet %s generation %d observed, rollout %s",
        name, generation, complete ? "complete" : "in progress");
  }

  // ---- shared -----------------------------------------------------------------------------------

  private String json(Object body) {
    return client.getKubernetesSerialization().asJson(body);
  }

  private static boolean controlledBy(HasMetadata owned, HasMetadata owner) {
    List<OwnerReference> refs = owned.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(
                r ->
                    Objects.equals(r.getUid(), owner.getMetadata().getUid())
                        && Boolean.TRUE.equals(r.getController()));
  }

  private static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static Map<String, String> labelsOf(PodTemplateSpec template) {
    return template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of()
        : template.getMetadata().getLabels();
  }

  /**
   * Like the controllers' template hash: FNV-1a (32 bit) of the template, its decimal digits mapped
   * onto an alphabet without vowels (Kubernetes' {@code rand.SafeEncodeString}).
   */
  static String hash(PodTemplateSpec template) {
    byte[] bytes = PodTemplates.canonical(template).toString().getBytes(StandardCharsets.UTF_8);
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    String digits = Long.toString(Integer.toUnsignedLong(h));
    StringBuilder out = new StringBuilder();
    for (char c : digits.toCharArray()) {
      out.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
    }
    return out.toString();
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
