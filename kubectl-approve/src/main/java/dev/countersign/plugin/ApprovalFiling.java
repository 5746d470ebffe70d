package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.api.v1alpha1.approval.ApprovalSpec;
import dev.countersign.quorum.SpecHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Creates the Approval for what a person was shown, for {@code kubectl approve NAME} and for the
 * page of {@code kubectl approve ui} alike: the request is read again, and if its uid, spec hash or
 * generation changed since it was shown, or it no longer awaits this person's approval, nothing is
 * created. The Approval is created with the caller's own credentials, so admission checks it as it
 * checks any other.
 *
 * @param uid the uid of the request that was shown
 * @param specHash the spec hash of the request that was shown
 * @param generation the generation of the request that was shown
 */
record ApprovalFiling(
    KubernetesClient client,
    String server,
    String namespace,
    String name,
    String uid,
    String specHash,
    Long generation) {

  /** What was shown of this request. */
  static ApprovalFiling of(
      KubernetesClient client, String server, ActionRequest shown, String specHash) {
    return new ApprovalFiling(
        client,
        server,
        shown.getMetadata().getNamespace(),
        shown.getMetadata().getName(),
        shown.getMetadata().getUid(),
        specHash,
        shown.getMetadata().getGeneration());
  }

  /**
   * Re-reads the request, checks it is still what was shown and that {@code me} may decide it, and
   * creates the Approval.
   *
   * @param again what the person does to look again, e.g. "Run the command again"
   * @throws CliError when anything changed or the caller may not decide (nothing is created)
   */
  Approval file(Identity me, boolean reject, String reason, String again) {
    ActionRequest now = read(client, server, namespace, name);
    if (!Objects.equals(now.getMetadata().getUid(), uid)) {
      throw new CliError(
          ExitCode.STALE_VIEW,
          qualified()
              + " was deleted and re-created since it was shown; nothing was created. Look at"
              + " the new request first");
    }
    String nowHash = SpecHash.of(now.getSpec());
    if (!nowHash.equals(specHash)
        || !Objects.equals(now.getMetadata().getGeneration(), generation)) {
      throw new CliError(
          ExitCode.STALE_VIEW,
          qualified()
              + " changed since it was shown (spec hash "
              + specHash
              + " is now "
              + nowHash
              + "); nothing was created. "
              + again
              + " to see what it asks now");
    }
    checkDecidable(now, me, qualified());
    Approval approval = new Approval();
    approval.setMetadata(
        new ObjectMetaBuilder()
            .withName(ApprovalNames.next(name, me.user()))
            .withNamespace(namespace)
            .build());
    approval.setSpec(
        new ApprovalSpec(
            new ApprovalSpec.RequestRef(name, uid),
            specHash,
            reject ? ApprovalSpec.REJECT : ApprovalSpec.APPROVE,
            me.user(),
            ApproverCheck.claimedGroups(ApproverCheck.required(now), me),
            reason));
    try {
      return client.resource(approval).create();
    } catch (KubernetesClientException e) {
      throw Failures.translate(
          e, "create approvals.countersign.dev in namespace " + namespace + " at " + server);
    }
  }

  /**
   * Throws unless the request awaits approval and {@code me} is an allowed approver of it.
   *
   * @param qualified NAMESPACE/NAME, for the message
   */
  static void checkDecidable(ActionRequest request, Identity me, String qualified) {
    if (request.phase() != Phase.AwaitingApproval) {
      String message = request.getStatus() == null ? null : request.getStatus().message();
      throw new CliError(
          ExitCode.NOT_AWAITING_APPROVAL,
          qualified
              + " is not awaiting approval: its phase is "
              + request.phase()
              + (message == null ? "" : " (" + message + ")"));
    }
    ApproverCheck.whyNot(request, me)
        .ifPresent(
            reason -> {
              throw new CliError(
                  ExitCode.NOT_AN_APPROVER, "you may not approve " + qualified + ": " + reason);
            });
  }

  /** The request as it is now; {@link ExitCode#NOT_FOUND} when it does not exist. */
  static ActionRequest read(KubernetesClient client, String server, String namespace, String name) {
    ActionRequest request;
    try {
      request = client.resources(ActionRequest.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw Failures.translate(
          e, "get actionrequests.countersign.dev " + namespace + "/" + name + " at " + server);
    }
    if (request == null) {
      throw new CliError(
          ExitCode.NOT_FOUND, "actionrequest " + name + " not found in namespace " + namespace);
    }
    return request;
  }

  private String qualified() {
    return namespace + "/" + name;
  }
}
