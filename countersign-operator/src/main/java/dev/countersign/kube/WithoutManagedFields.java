package dev.countersign.kube;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * The informer's store of ActionRequests without {@code metadata.managedFields}. A real API server
 * records, on every object, which field manager (the agent's client, the operator's status writes,
 * its annotation patches) set which fields; the operator never reads them, and with thousands of
 * requests cached they would be a large share of its heap (controller-runtime strips them from its
 * caches by default for the same reason). An update sent from a cached object carries no
 * managedFields, and the API server then keeps the ones it has.
 */
public final class WithoutManagedFields extends TransformingItemStore<ActionRequest> {
  public WithoutManagedFields() {
    super(WithoutManagedFields::strip);
  }

  /** The object itself, its managedFields dropped. */
  public static ActionRequest strip(ActionRequest request) {
    if (request.getMetadata() != null) {
      request.getMetadata().setManagedFields(null);
    }
    return request;
  }
}
