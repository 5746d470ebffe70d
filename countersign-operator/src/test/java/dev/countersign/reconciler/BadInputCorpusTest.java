package dev.countersign.reconciler;

import dev.countersign.harness.WithoutApiServerValidation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The bad-input corpus as the operator alone must handle it: every object is sent by the cluster
 * admin to a server that checks no CRD schema and runs no admission policy (as a cluster whose CRDs
 * were installed without their schema would), so every case reaches the operator, which must end it
 * with its specific condition and Event and change nothing.
 */
@WithoutApiServerValidation
class BadInputCorpusTest extends BadInputCorpusTestBase {

  @Override
  GenericKubernetesResource send(
      String kind, String ns, GenericKubernetesResource object, boolean namespaced) {
    var resources = client.genericKubernetesResources(API, kind);
    return namespaced
        ? resources.inNamespace(ns).resource(object).create()
        : resources.resource(object).create();
  }

  @Override
  boolean refusalsExpected() {
    return false;
  }
}
