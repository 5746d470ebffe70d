package dev.countersign.testkit.apiserver;

import java.util.List;

/**
 * The built-in resources the embedded server's discovery lists: the kinds Countersign, its chart,
 * its tests and a user's {@code kubectl} session touch, with the names, short names and scope a
 * Kubernetes 1.32 API server gives them. Anything else is not served by discovery (the store would
 * keep it, but {@code kubectl} would not know it).
 */
final class BuiltinResources {
  private BuiltinResources() {}

  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> CREATE_ONLY = List.of("create");

  /** One resource of a group version, as an APIResourceList entry describes it. */
  record Resource(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> verbs,
      List<String> subresources) {}

  static final List<Resource> RESOURCES =
      List.of(
          core("namespaces", "Namespace", false, List.of("ns"), "status"),
          core("events", "Event", true, List.of("ev")),
          core("configmaps", "ConfigMap", true, List.of("cm")),
          core("secrets", "Secret", true, List.of()),
          core("serviceaccounts", "ServiceAccount", true, List.of("sa")),
          core("services", "Service", true, List.of("svc"), "status"),
          core("pods", "Pod", true, List.of("po"), "status"),
          of("apps", "deployments", "Deployment", true, List.of("deploy"), "status", "scale"),
          of("apps", "statefulsets", "StatefulSet", true, List.of("sts"), "status", "scale"),
          of("apps", "replicasets", "ReplicaSet", true, List.of("rs"), "status", "scale"),
          of("apps", "controllerrevisions", "ControllerRevision", true, List.of()),
          of("rbac.authorization.k8s.io", "roles", "Role", true, List.of()),
          of("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true, List.of()),
          of("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", false, List.of()),
          of(
              "rbac.authorization.k8s.io",
              "clusterrolebindings",
              "ClusterRoleBinding",
              false,
              List.of()),
          of(
              "apiextensions.k8s.io",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              "status"),
          of(
              "admissionregistration.k8s.io",
              "validatingadmissionpolicies",
              "ValidatingAdmissionPolicy",
              false,
              List.of(),
              "status"),
          of(
              "admissionregistration.k8s.io",
              "validatingadmissionpolicybindings",
              "ValidatingAdmissionPolicyBinding",
              false,
              List.of()),
          of("coordination.k8s.io", "leases", "Lease", true, List.of()),
          of("events.k8s.io", "events", "Event", true, List.of("ev")),
          review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview"),
          review("authentication.k8s.io", "tokenreviews", "TokenReview"),
          review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
          review("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview"));

  private static Resource core(
      String plural, String kind, boolean namespaced, List<String> shortNames, String... subs) {
    return of("", plural, kind, namespaced, shortNames, subs);
  }

  private static Resource of(
      String group,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      String... subresources) {
    return new Resource(
        group,
        "v1",
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        ALL_VERBS,
        List.of(subresources));
  }

  private static Resource review(String group, String plural, String kind) {
    return new Resource(
        group,
        "v1",
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        false,
        List.of(),
        CREATE_ONLY,
        List.of());
  }
}
