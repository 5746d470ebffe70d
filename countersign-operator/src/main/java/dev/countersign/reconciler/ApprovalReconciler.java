package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ApprovalRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.audit.EventReason;
import dev.countersign.audit.EventRecorder;
import dev.countersign.policy.ObjectName;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.util.Set;

/**
 * Reports Approvals that cannot count for anything; counting those that name a live request
 * awaiting approval is the ActionRequest reconciler's job.
 *
 * <ul>
 *   <li>No request named: an {@code ApprovalOrphaned} Event on the Approval.
 *   <li>A request that does not exist in the Approval's namespace: {@code ApprovalOrphaned} on the
 *       Approval and, when the uid names a request in another namespace, {@code ApprovalIgnored} on
 *       that request (an Approval only counts in its request's namespace).
 *   <li>A request re-created under the same name (another uid): {@code ApprovalOrphaned}.
 *   <li>A request already decided on (Approved or later, or terminal) that never counted this
 *       Approval: {@code ApprovalIgnored} on the request, saying it arrived too late.
 * </ul>
 */
@Vetoed
@ControllerConfiguration(name = ApprovalReconciler.NAME)
public class ApprovalReconciler implements Reconciler<Approval> {
  public static final String NAME = "approval";

  /** Phases in which approvals are no longer counted. */
  private static final Set<Phase> PAST_APPROVAL =
      Set.of(
          Phase.Approved,
          Phase.Executing,
          Phase.Succeeded,
          Phase.Failed,
          Phase.Denied,
          Phase.Rejected,
          Phase.Expired,
          Phase.Evaluated);

  private static final Duration RECHECK = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final EventRecorder events;

  ApprovalReconciler(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public UpdateControl<Approval> reconcile(Approval approval, Context<Approval> context) {
    var spec = approval.getSpec();
    if (approval.unreadableSpec().isPresent()) {
      orphaned(
          approval,
          "the Approval could not be read: "
              + approval.unreadableSpec().get()
              + "; it counts for nothing");
      return UpdateControl.noUpdate();
    }
    if (spec == null || spec.request() == null || spec.request().name() == null) {
      orphaned(
          approval,
          "the Approval names no request (spec.request.name is missing); it counts for nothing");
      return UpdateControl.noUpdate();
    }
    String namespace = approval.getMetadata().getNamespace();
    String name = spec.request().name();
    if (!ObjectName.isValid(name)) {
      // Never looked up: a name like "../x" or "a/b" would address another URL.
      orphaned(
          approval,
          "spec.request.name "
              + ObjectName.quoted(name)
              + " is not a valid object name; the Approval counts for nothing");
      return UpdateControl.noUpdate();
    }
    ActionRequest request =
        client.resources(ActionRequest.class).inNamespace(namespace).withName(name).get();
    if (request == null) {
      orphaned(
          approval,
          "no ActionRequest named "
              + name
              + " exists in namespace "
              + namespace
              + "; an Approval only counts in its request's namespace");
      reportToRequestElsewhere(approval);
    } else if (!request.getMetadata().getUid().equals(spec.request().uid())) {
      orphaned(
          approval,
          "ActionRequest "
              + name
              + " has uid "
              + request.getMetadata().getUid()
              + ", not "
              + spec.request().uid()
              + " as this Approval says; it was re-created and this Approval does not count");
    } else if (PAST_APPROVAL.contains(request.phase()) && !recorded(request, approval)) {
      events.warning(
          request,
          EventReason.ApprovalIgnored,
          describe(approval)
              + " arrived after the request was "
              + request.phase()
              + "; it counts for nothing");
    } else if (!PAST_APPROVAL.contains(request.phase())) {
      // The request is still collecting approvals. Look again once it has moved on: if it moved
      // on without counting this Approval (it arrived just as the quorum was met), say so.
      return UpdateControl.<Approval>noUpdate().rescheduleAfter(RECHECK);
    }
    return UpdateControl.noUpdate();
  }

  /** "Approval NAME by APPROVER", as the Events on a request name an Approval. */
  private static String describe(Approval approval) {
    return "Approval " + approval.getMetadata().getName() + " by " + approval.getSpec().approver();
  }

  private void orphaned(Approval approval, String problem) {
    events.warning(approval, EventReason.ApprovalOrphaned, problem);
  }

  /** An Approval naming, by uid, a request in another namespace: tell that request why not. */
  private void reportToRequestElsewhere(Approval approval) {
    String uid = approval.getSpec().request().uid();
    if (uid == null) {
      return;
    }
    client.resources(ActionRequest.class).inAnyNamespace().list().getItems().stream()
        .filter(r -> uid.equals(r.getMetadata().getUid()))
        .findFirst()
        .ifPresent(
            request ->
                events.warning(
                    request,
                    EventReason.ApprovalIgnored,
                    describe(approval)
                        + " is in namespace "
                        + approval.getMetadata().getNamespace()
                        + ", not "
                        + request.getMetadata().getNamespace()
                        + "; an Approval only counts in its request's namespace"));
  }

  private static boolean recorded(ActionRequest request, Approval approval) {
    return request.getStatus() != null
        && request.getStatus().approvals().stream()
            .map(ApprovalRecord::name)
            .anyMatch(approval.getMetadata().getName()::equals);
  }
}
