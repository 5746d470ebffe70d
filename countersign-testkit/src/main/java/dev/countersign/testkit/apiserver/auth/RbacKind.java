package dev.countersign.testkit.apiserver.auth;

import java.util.Arrays;
import java.util.Optional;

/** The four kinds of rbac.authorization.k8s.io objects the authorizer reads. */
public enum RbacKind {
  /** A namespaced set of rules. */
  ROLE("Role", true),
  /** A cluster-wide set of rules, possibly aggregated from others. */
  CLUSTER_ROLE("ClusterRole", false),
  /** Grants a Role or ClusterRole in one namespace. */
  ROLE_BINDING("RoleBinding", true),
  /** Grants a ClusterRole everywhere. */
  CLUSTER_ROLE_BINDING("ClusterRoleBinding", false);

  /** The API group of these kinds. */
  public static final String GROUP = "rbac.authorization.k8s.io";

  private final String kind;
  private final boolean namespaced;

  RbacKind(String kind, boolean namespaced) {
    this.kind = kind;
    this.namespaced = namespaced;
  }

  /** The kind as objects spell it, e.g. {@code ClusterRoleBinding}. */
  public String kind() {
    return kind;
  }

  /** Whether objects of this kind live in a namespace. */
  public boolean namespaced() {
    return namespaced;
  }

  boolean isBinding() {
    return this == ROLE_BINDING || this == CLUSTER_ROLE_BINDING;
  }

  /** The RBAC kind of an object's {@code kind}, if it is one. */
  public static Optional<RbacKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }
}
