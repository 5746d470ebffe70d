package dev.countersign.testkit.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedWorkloadController.class);

  private final KubernetesClient client;
  private final String namespace;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final DeploymentRollouts deployments;
  private final StatefulSetRollouts statefulSets;
  private volatile boolean rolloutsComplete = true;

  public SimulatedWorkloadController(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.deployments = new DeploymentRollouts(client, namespace, () -> rolloutsComplete);
    this.statefulSets = new StatefulSetRollouts(client, namespace, () -> rolloutsComplete);
  }

  /**
   * Whether rollouts finish as soon as they are observed (the default), or stay in progress
   * forever.
   */
  public void setRolloutsComplete(boolean complete) {
    this.rolloutsComplete = complete;
  }

  /**
   * From now on rollouts finish at once, and every Deployment's rollout in progress is reported
   * complete now (as the controller would once the new pods are ready).
   */
  public void finishRollouts() {
    rolloutsComplete = true;
    deployments.finishAll();
  }

  public synchronized SimulatedWorkloadController start() {
    if (informers.isEmpty()) {
      informers.add(
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .inform(onChange(d -> reconcile(d, deployments::reconcile))));
      informers.add(
          client
              .apps()
              .statefulSets()
              .inNamespace(namespace)
              .inform(onChange(s -> reconcile(s, statefulSets::reconcile))));
      LOG.info(
          "SIMULATED workload controller watching Deployments and StatefulSets in namespace {}"
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
          LOG.warn(
              "SIMULATED controller gave up on {} {}: {}", seen.getKind(), name, e.getMessage());
          return;
        }
      }
    }
  }
}
