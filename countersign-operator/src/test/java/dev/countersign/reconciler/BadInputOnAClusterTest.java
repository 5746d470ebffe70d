package dev.countersign.reconciler;

import dev.countersign.fixtures.ActionRequests;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The bad-input corpus on a cluster as it is with the chart installed: ActionRequests are sent by
 * the agent (bound to countersign-agent), Approvals by alice (countersign-approver, group sre),
 * policies by the cluster admin. What the CRD schema or the admission policy forbids, the API
 * server refuses with the answer the case records under {@code apiServer}; the rest reach the
 * operator and must end as in {@link BadInputCorpusTest}.
 */
class BadInputOnAClusterTest extends BadInputCorpusTestBase {
  private static final UserInfo AGENT = Identities.named(ActionRequests.AGENT);
  private static final UserInfo ALICE = UserInfo.user("alice", "sre");

  @Override
  GenericKubernetesResource send(
      String kind, String ns, GenericKubernetesResource object, boolean namespaced) {
    KubernetesClient sender =
        switch (kind) {
          case "ActionRequest" -> {
            api.bind("countersign-agent", ns, AGENT);
            yield api.as(AGENT);
          }
          case "Approval" -> {
            api.bind("countersign-approver", ns, ALICE);
            yield api.as(ALICE);
          }
          default -> client;
        };
    var resources = sender.genericKubernetesResources(API, kind);
    return namespaced
        ? resources.inNamespace(ns).resource(object).create()
        : resources.resource(object).create();
  }

  @Override
  boolean refusalsExpected() {
    return true;
  }
}
