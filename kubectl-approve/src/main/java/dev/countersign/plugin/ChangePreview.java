package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.workload.PodTemplates;
import dev.countersign.workload.Revision;
import dev.countersign.workload.RevisionHistory;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What approving a request will change, read live from the cluster: the replica count for scale,
 * the pods a restart replaces, the pod-template difference for a rollback (choosing the revision as
 * the operator's RollbackExecutor will).
 */
final class ChangePreview {
  private final KubernetesClient client;
  private final WorkloadReads workloads;
  private final Clock clock;

  ChangePreview(KubernetesClient client, Clock clock) {
    this.client = client;
    this.workloads = new WorkloadReads(client);
    this.clock = clock;
  }

  /** One line per change, for people; the first names the workload. */
  List<String> lines(String namespace, ActionRequestSpec spec) {
    if (spec == null || spec.target() == null || spec.action() == null) {
      return List.of("nothing: the request names no action or target");
    }
    Optional<Workload> found =
        workloads.find(namespace, spec.target().kind(), spec.target().name());
    if (found.isEmpty()) {
      return List.of(
          spec.target()
              + " does not exist in namespace "
              + namespace
              + ": nothing can change, the operator will fail the request");
    }
    Workload workload = found.get();
    return switch (spec.action()) {
      case "scale" -> scale(workload, spec);
      case "restart" -> restart(workload);
      case "rollback" -> rollback(workload, spec);
      default -> List.of("nothing: Countersign does not know action " + spec.action());
    };
  }

  private static List<String> scale(Workload workload, ActionRequestSpec spec) {
    Integer wanted = spec.scale() == null ? null : spec.scale().replicas();
    if (wanted == null) {
      return List.of("nothing: the request gives no replica count");
    }
    int now = workload.replicas();
    String delta =
        wanted == now
            ? " (no change)"
            : wanted > now
                ? " (" + (wanted - now) + " more pods)"
                : " (" + (now - wanted) + " fewer pods)";
    return List.of(workload.describe() + ": replicas " + now + " → " + wanted + delta);
  }

  private List<String> restart(Workload workload) {
    List<String> lines = new ArrayList<>();
    String previous =
        workload.template() == null
                || workload.template().getMetadata() == null
                || workload.template().getMetadata().getAnnotations() == null
            ? null
            : workload.template().getMetadata().getAnnotations().get(PodTemplates.RESTARTED_AT);
    lines.add(
        workload.describe()
            + ": every pod is replaced, as its rollout strategy allows (last restart: "
            + (previous == null ? "never" : previous)
            + ")");
    LabelSelector selector = selector(workload);
    List<Pod> pods =
        selector == null
            ? List.of()
            : client
                .pods()
                .inNamespace(workload.namespace())
                .withLabelSelector(selector)
                .list()
                .getItems();
    if (pods.isEmpty()) {
      lines.add("  no pods match its selector right now");
    }
    for (Pod pod : pods) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      var created = RequestText.instant(pod.getMetadata().getCreationTimestamp());
      lines.add(
          "  replaces pod "
              + pod.getMetadata().getName()
              + " ("
              + (phase == null ? "phase unknown" : phase)
              + (created == null
                  ? ""
                  : ", age " + HumanDuration.format(Duration.between(created, clock.instant())))
              + ")");
    }
    return lines;
  }

  private List<String> rollback(Workload workload, ActionRequestSpec spec) {
    RevisionHistory history = workloads.history(workload);
    Long wanted = spec.rollback() == null ? null : spec.rollback().toRevision();
    Optional<Revision> to = wanted != null ? history.find(wanted) : history.previous();
    String current =
        history.current() == null ? "the current template" : "revision " + history.current();
    if (to.isEmpty() || to.get().template() == null) {
      return List.of(
          workload.describe()
              + ": nothing: "
              + (wanted != null
                  ? "revision " + wanted + " does not exist (revisions " + history.numbers() + ")"
                  : "there is no revision before " + current)
              + "; the operator will fail the request");
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        workload.describe() + ": pod template " + current + " → revision " + to.get().number());
    var yaml = client.getKubernetesSerialization();
    List<String> diff =
        TemplateDiff.lines(
            yaml.asYaml(PodTemplates.canonical(workload.template())),
            yaml.asYaml(PodTemplates.canonical(to.get().template())));
    if (diff.isEmpty()) {
      lines.add("  the templates are the same: no pod changes");
    }
    diff.forEach(line -> lines.add("  " + line));
    return lines;
  }

  private static LabelSelector selector(Workload workload) {
    return switch (workload.resource()) {
      case Deployment d -> d.getSpec().getSelector();
      case StatefulSet s -> s.getSpec().getSelector();
      default -> null;
    };
  }
}
