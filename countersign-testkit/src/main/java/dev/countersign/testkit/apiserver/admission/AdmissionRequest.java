package dev.countersign.testkit.apiserver.admission;

import dev.countersign.testkit.apiserver.auth.UserInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One write as admission sees it (k8s.io/apiserver admission.Attributes): what is written, by whom,
 * and the object before and after.
 *
 * @param operation CREATE, UPDATE or DELETE (a PATCH is an UPDATE)
 * @param group the API group, "" for core
 * @param version the API version
 * @param resource the resource, e.g. {@code actionrequests}
 * @param subresource the subresource, e.g. {@code status}, or ""
 * @param kind the object's kind
 * @param namespace the namespace, "" for cluster-scoped objects
 * @param name the object's name
 * @param user who writes
 * @param object the object as it would be stored, null for DELETE
 * @param oldObject the stored object, null for CREATE
 */
public record AdmissionRequest(
    String operation,
    String group,
    String version,
    String resource,
    String subresource,
    String kind,
    String namespace,
    String name,
    UserInfo user,
    Map<String, Object> object,
    Map<String, Object> oldObject) {

  /** The {@code request} variable of a ValidatingAdmissionPolicy (admission.k8s.io/v1 request). */
  Map<String, Object> asCelRequest() {
    Map<String, Object> userInfo = new HashMap<>();
    userInfo.put("username", user.username());
    userInfo.put("uid", user.uid());
    userInfo.put("groups", user.groups());
    userInfo.put("extra", user.extra());
    Map<String, Object> gvk = Map.of("group", group, "version", version, "kind", kind);
    Map<String, Object> gvr = Map.of("group", group, "version", version, "resource", resource);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("kind", gvk);
    request.put("resource", gvr);
    request.put("subResource", subresource);
    request.put("requestKind", gvk);
    request.put("requestResource", gvr);
    request.put("requestSubResource", subresource);
    request.put("name", name);
    request.put("namespace", namespace);
    request.put("operation", operation);
    request.put("userInfo", userInfo);
    request.put("dryRun", false);
    return request;
  }

  /** The resource as error messages name it: {@code actionrequests.countersign.dev}. */
  String groupResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
