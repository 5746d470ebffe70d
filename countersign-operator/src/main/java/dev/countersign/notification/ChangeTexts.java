package dev.countersign.notification;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.execution.Workloads;
import dev.countersign.workload.Workload;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** The "what will change" line of a notification, reading the live target when it must. */
final class ChangeTexts {
  private ChangeTexts() {}

  static String of(ActionRequest request, Workloads workloads) {
    var spec = request.getSpec();
    var status = request.getStatus();
    var execution = status == null ? null : status.execution();
    Optional<Workload> live = Optional.empty();
    boolean recorded = execution != null && !execution.changes().isEmpty();
    if (!recorded && spec != null && spec.target() != null) {
      try {
        live =
            workloads.find(
                request.getMetadata().getNamespace(), spec.target().kind(), spec.target().name());
      } catch (KubernetesClientException e) {
        return spec.target() + ": could not be read now (HTTP " + e.getCode() + ")";
      }
    }
    return ChangeText.of(request.getMetadata().getNamespace(), spec, execution, live);
  }
}
