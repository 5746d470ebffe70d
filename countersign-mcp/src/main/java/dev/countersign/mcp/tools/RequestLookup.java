package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.mcp.auth.Caller;
import dev.countersign.mcp.tools.ToolError.Kind;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads one of the caller's own requests; another identity's requests are not shown. */
final class RequestLookup {
  private RequestLookup() {}

  static ActionRequest own(KubernetesClient client, Caller caller, String namespace, String name) {
    ActionRequest request =
        client.resources(ActionRequest.class).inNamespace(namespace).withName(name).get();
    if (request == null
        || request.getSpec() == null
        || !caller.username().equals(request.getSpec().requester())) {
      throw new ToolError(
          Kind.NotFound,
          "no ActionRequest "
              + name
              + " filed by "
              + caller.username()
              + " in namespace "
              + namespace);
    }
    return request;
  }
}
