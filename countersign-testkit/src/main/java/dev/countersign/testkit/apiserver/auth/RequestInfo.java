package dev.countersign.testkit.apiserver.auth;

import java.util.List;

/**
 * What a request asks to do, as k8s.io/apiserver's RequestInfoFactory resolves it from the HTTP
 * method, path and query; also the attributes the authorizer decides on.
 *
 * @param resourceRequest whether the request is for an API resource (else for a path)
 * @param path the URL path
 * @param verb the API verb (get, list, watch, create, update, patch, delete, deletecollection,
 *     proxy) for resource requests, the lower-case HTTP method for others
 * @param apiPrefix "api" or "apis", "" for non-resource requests
 * @param apiGroup the API group, "" for the core group
 * @param apiVersion the API version
 * @param namespace the namespace, "" for cluster-scoped requests
 * @param resource the resource, e.g. {@code pods}
 * @param subresource the subresource, e.g. {@code status}, or ""
 * @param name the object name, "" if none
 * @param parts the path parts from the resource on
 * @param fieldSelector the raw field selector of list, watch and deletecollection requests
 * @param labelSelector the raw label selector of list, watch and deletecollection requests
 */
public record RequestInfo(
    boolean resourceRequest,
    String path,
    String verb,
    String apiPrefix,
    String apiGroup,
    String apiVersion,
    String namespace,
    String resource,
    String subresource,
    String name,
    List<String> parts,
    String fieldSelector,
    String labelSelector) {

  /** Copies the parts. */
  public RequestInfo {
    parts = List.copyOf(parts);
  }

  /**
   * Resolves a request as the API server does.
   *
   * @param method the HTTP method
   * @param path the URL path, percent-encoded or not
   * @param query the raw query string without {@code ?}, or null
   */
  public static RequestInfo of(String method, String path, String query) {
    return RequestInfoResolver.resolve(method, path, query);
  }

  /** A non-resource request, e.g. {@code get} of {@code /version}. */
  public static RequestInfo nonResource(String verb, String path) {
    return new RequestInfo(false, path, verb, "", "", "", "", "", "", "", List.of(), "", "");
  }

  /**
   * A resource request, as a SubjectAccessReview's resourceAttributes describe it.
   *
   * @param verb the API verb
   * @param group the API group, "" for core
   * @param resource the resource
   * @param subresource the subresource or ""
   * @param namespace the namespace or "" for the cluster scope
   * @param name the object name or ""
   */
  public static RequestInfo resource(
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new RequestInfo(
        true, "", verb, "", group, "*", namespace, resource, subresource, name, List.of(), "", "");
  }

  /** The resource with its subresource, as RBAC rules name it: {@code pods/status}. */
  public String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /**
   * The group-qualified resource, as error messages name it: {@code leases.coordination.k8s.io}.
   */
  public String groupResource() {
    return apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
  }
}
