package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An identity as the API server knows it after authentication (k8s.io/apiserver user.Info):
 * username, uid, groups and extra attributes.
 *
 * @param username the user name, e.g. {@code system:serviceaccount:NS:NAME}
 * @param uid a unique id, "" if none
 * @param groups the groups, in order
 * @param extra extra attributes, e.g. {@code authentication.kubernetes.io/pod-name}
 */
public record UserInfo(
    String username, String uid, List<String> groups, Map<String, List<String>> extra) {

  /** The group every authenticated user has. */
  public static final String AUTHENTICATED = "system:authenticated";

  /** The group of anonymous requests. */
  public static final String UNAUTHENTICATED = "system:unauthenticated";

  /** The group the API server lets do anything, whatever RBAC says. */
  public static final String MASTERS = "system:masters";

  /** The group of all service accounts. */
  public static final String SERVICE_ACCOUNTS = "system:serviceaccounts";

  static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  /** Copies the lists and maps, and turns a null uid, groups or extra into empty ones. */
  public UserInfo {
    Objects.requireNonNull(username, "username");
    uid = uid == null ? "" : uid;
    groups = groups == null ? List.of() : List.copyOf(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (extra != null) {
      extra.forEach((key, values) -> copy.put(key, List.copyOf(values)));
    }
    extra = Collections.unmodifiableMap(copy);
  }

  /**
   * A user with the given groups, plus {@code system:authenticated} as the API server adds it.
   *
   * @param name the user name
   * @param groups the groups, e.g. {@code system:masters}
   */
  public static UserInfo user(String name, String... groups) {
    return new UserInfo(name, "", Arrays.asList(groups), Map.of()).withAuthenticatedGroup();
  }

  /**
   * A service account as its tokens authenticate: {@code system:serviceaccount:NS:NAME} in {@code
   * system:serviceaccounts}, {@code system:serviceaccounts:NS} and {@code system:authenticated}.
   *
   * @param namespace the service account's namespace
   * @param name the service account's name
   */
  public static UserInfo serviceAccount(String namespace, String name) {
    List<String> groups = List.of(SERVICE_ACCOUNTS, SERVICE_ACCOUNTS + ":" + namespace);
    return new UserInfo(serviceAccountUsername(namespace, name), "", groups, Map.of())
        .withAuthenticatedGroup();
  }

  /** The user name of a service account: {@code system:serviceaccount:NS:NAME}. */
  public static String serviceAccountUsername(String namespace, String name) {
    return SERVICE_ACCOUNT_PREFIX + namespace + ":" + name;
  }

  /** This identity with another uid. */
  public UserInfo withUid(String newUid) {
    return new UserInfo(username, newUid, groups, extra);
  }

  /** This identity with one more extra attribute. */
  public UserInfo withExtra(String key, String... values) {
    Map<String, List<String>> more = new LinkedHashMap<>(extra);
    more.put(key, List.of(values));
    return new UserInfo(username, uid, groups, more);
  }

  /**
   * This identity as the API server's AuthenticatedGroupAdder leaves it: {@code
   * system:authenticated} appended unless it, or {@code system:unauthenticated}, is already there.
   */
  public UserInfo withAuthenticatedGroup() {
    if (groups.contains(AUTHENTICATED) || groups.contains(UNAUTHENTICATED)) {
      return this;
    }
    List<String> more = new ArrayList<>(groups);
    more.add(AUTHENTICATED);
    return new UserInfo(username, uid, more, extra);
  }

  /** The authentication.k8s.io/v1 UserInfo: username, uid, groups, extra (empty ones omitted). */
  ObjectNode toJson() {
    ObjectNode node = ApiJson.object();
    ApiJson.putIfNotEmpty(node, "username", username);
    ApiJson.putIfNotEmpty(node, "uid", uid);
    ApiJson.putIfNotEmpty(node, "groups", groups);
    if (!extra.isEmpty()) {
      node.set("extra", ApiJson.stringListMap(extra));
    }
    return node;
  }
}
