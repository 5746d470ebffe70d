package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.audit.EventReason;
import dev.countersign.audit.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Reports Approvals that cannot count for anything: no request named, a request that does not exist
 * in the Approval's namespace, or one that was re-created under the same name (another uid).
 * Counting the Approvals that do name a live request is the ActionRequest reconciler's job.
 */
@ControllerConfiguration(name = ApprovalReconciler.NAME)
public class ApprovalReconciler implements Reconciler<Approval> {
  public static final String NAME = "approval";

  private final KubernetesClient client;
  private final EventRecorder events;

  public ApprovalReconciler(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public UpdateControl<Approval> reconcile(Approval approval, Context<Approval> context) {
    String problem = problem(approval);
    if (problem != null) {
      events.warning(approval, EventReason.ApprovalOrphaned, problem);
    }
    return UpdateControl.noUpdate();
  }

  private String problem(Approval approval) {
    var spec = approval.getSpec();
    if (spec == null || spec.request() == null || spec.request().name() == null) {
      return "the Approval names no request (spec.request.name is missing); it counts for nothing";
    }
    String namespace = approval.getMetadata().getNamespace();
    ActionRequest request =
        client
            .resources(ActionRequest.class)
            .inNamespace(namespace)
            .withName(spec.request().name())
            .get();
    if (request == null) {
      return "no ActionRequest named "
          + spec.request().name()
          + " exists in namespace "
          + namespace
          + "; an Approval only counts in its request's namespace";
    }
    if (!request.getMetadata().getUid().equals(spec.request().uid())) {
      return "ActionRequest "
          + spec.request().name()
          + " has uid "
          + request.getMetadata().getUid()
          + ", not "
          + spec.request().uid()
          + " as this Approval says; it was re-created and this Approval does not count";
    }
    return null;
  }
}
