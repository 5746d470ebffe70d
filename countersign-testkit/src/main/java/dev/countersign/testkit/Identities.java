package dev.countersign.testkit;

import dev.countersign.testkit.apiserver.auth.UserInfo;

/**
 * The people and programs of the test world, as the embedded API server authenticates them. The
 * roles each may use come from the Helm chart (bound with {@code EmbeddedApiServer.bind...}).
 */
public final class Identities {
  /** The cluster admin: in {@code system:masters}, may do anything (sets the scene). */
  public static final UserInfo ADMIN = UserInfo.user("admin", UserInfo.MASTERS);

  /** The operator: the chart's ServiceAccount, with the chart's least-privilege roles. */
  public static final UserInfo OPERATOR =
      UserInfo.serviceAccount("countersign-system", "countersign");

  /** Approvers: people in the sre group. */
  public static final UserInfo ALICE = UserInfo.user("alice", "sre");

  public static final UserInfo BOB = UserInfo.user("bob", "developers");

  public static final UserInfo CAROL = UserInfo.user("carol", "sre");

  private Identities() {}

  /**
   * The identity behind a user name as the API server would authenticate it: a service account for
   * {@code system:serviceaccount:NS:NAME} (with its groups), else a user in the given groups.
   */
  public static UserInfo named(String username, String... groups) {
    String prefix = "system:serviceaccount:";
    if (username.startsWith(prefix)) {
      String[] parts = username.substring(prefix.length()).split(":", 2);
      if (parts.length == 2) {
        return UserInfo.serviceAccount(parts[0], parts[1]);
      }
    }
    return UserInfo.user(username, groups);
  }
}
