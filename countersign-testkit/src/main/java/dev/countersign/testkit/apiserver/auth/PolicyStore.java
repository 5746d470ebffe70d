package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The RBAC objects the authorizer decides by: Roles, ClusterRoles, RoleBindings and
 * ClusterRoleBindings, upserted and deleted one by one as the API server stores them.
 *
 * <p>Thread-safe: changes are serialized and each publishes a new immutable snapshot, which
 * decisions read without locking. A store made by {@link #withBootstrapPolicy()} starts with the
 * bootstrap roles and bindings every cluster has (they can be changed or deleted like any other).
 */
public final class PolicyStore {

  private static final String BOOTSTRAP_POLICY = "bootstrap-policy.yaml";

  private final Map<Key, Role> roles = new LinkedHashMap<>();
  private final Map<Key, Binding> bindings = new LinkedHashMap<>();
  private volatile PolicySnapshot snapshot = new PolicySnapshot(List.of(), List.of());

  private PolicyStore() {}

  /** An empty store: no one may do anything. */
  public static PolicyStore empty() {
    return new PolicyStore();
  }

  /** A store with the cluster's bootstrap policy (see {@code bootstrap-policy.yaml}). */
  public static PolicyStore withBootstrapPolicy() {
    PolicyStore store = new PolicyStore();
    try (InputStream in = PolicyStore.class.getResourceAsStream(BOOTSTRAP_POLICY)) {
      Objects.requireNonNull(in, BOOTSTRAP_POLICY);
      store.upsertAll(RbacManifests.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return store;
  }

  /**
   * Adds or replaces an RBAC object, given as its JSON or YAML tree.
   *
   * @return false (and nothing changes) if the object is not a Role, ClusterRole, RoleBinding or
   *     ClusterRoleBinding
   * @throws IllegalArgumentException if it has no name, or is namespaced and has no namespace
   */
  public boolean upsert(JsonNode object) {
    return upsertAll(List.of(object)) == 1;
  }

  /** Adds or replaces an RBAC object given as a map (e.g. a parsed manifest). */
  public boolean upsert(Map<String, ?> object) {
    JsonNode tree = ApiJson.MAPPER.valueToTree(object);
    return upsert(tree);
  }

  /**
   * Adds or replaces RBAC objects in one change; returns how many were RBAC objects.
   *
   * @throws IllegalArgumentException (and nothing changes) if one has no name, or is namespaced and
   *     has no namespace
   */
  public synchronized int upsertAll(Collection<? extends JsonNode> objects) {
    Map<Key, JsonNode> accepted = new LinkedHashMap<>();
    for (JsonNode object : objects) {
      if (RbacManifests.isRbacObject(object)) {
        RbacKind kind = RbacKind.of(ApiJson.text(object, "kind")).orElseThrow();
        accepted.put(Key.of(kind, object), object);
      }
    }
    accepted.forEach(
        (key, object) -> {
          if (key.kind().isBinding()) {
            bindings.put(key, Binding.fromJson(key.kind(), object));
          } else {
            roles.put(key, Role.fromJson(key.kind(), object));
          }
        });
    if (!accepted.isEmpty()) {
      publish();
    }
    return accepted.size();
  }

  /** Adds or replaces the RBAC objects of YAML or JSON manifests; returns how many. */
  public int load(String manifests) {
    return upsertAll(RbacManifests.read(manifests));
  }

  /**
   * Deletes an RBAC object.
   *
   * @param kind {@code Role}, {@code ClusterRole}, {@code RoleBinding} or {@code
   *     ClusterRoleBinding}
   * @param namespace the namespace of a Role or RoleBinding (ignored for the others)
   * @param name the name
   * @return whether it existed
   */
  public synchronized boolean delete(String kind, String namespace, String name) {
    RbacKind rbacKind = RbacKind.of(kind).orElse(null);
    if (rbacKind == null) {
      return false;
    }
    Key key = new Key(rbacKind, rbacKind.namespaced() ? namespace : "", name);
    boolean existed = (rbacKind.isBinding() ? bindings : roles).remove(key) != null;
    if (existed) {
      publish();
    }
    return existed;
  }

  /** Deletes the RBAC object with the kind, namespace and name of the given one. */
  public boolean delete(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return delete(
        ApiJson.text(object, "kind"),
        ApiJson.text(metadata, "namespace"),
        ApiJson.text(metadata, "name"));
  }

  /** The objects as of now. */
  PolicySnapshot snapshot() {
    return snapshot;
  }

  private void publish() {
    snapshot = new PolicySnapshot(List.copyOf(roles.values()), List.copyOf(bindings.values()));
  }

  private record Key(RbacKind kind, String namespace, String name) {

    static Key of(RbacKind kind, JsonNode object) {
      JsonNode metadata = object.path("metadata");
      String name = ApiJson.text(metadata, "name");
      String namespace = kind.namespaced() ? ApiJson.text(metadata, "namespace") : "";
      if (name.isEmpty()) {
        throw new IllegalArgumentException(kind.kind() + " without metadata.name");
      }
      if (kind.namespaced() && namespace.isEmpty()) {
        throw new IllegalArgumentException(
            kind.kind() + " " + name + " without metadata.namespace");
      }
      return new Key(kind, namespace, name);
    }
  }
}
