package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects.ServiceAccountRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a requester is among a policy's subjects. It matches when the requester equals a
 * {@code users} entry; or it is {@code system:serviceaccount:<ns>:<name>} and that service account
 * is listed; or one of its groups is listed. Its groups are those it claims in {@code
 * spec.requesterGroups} (admission checks them) plus, for a service account, {@code
 * system:serviceaccounts} and {@code system:serviceaccounts:<ns>}, as the API server assigns them.
 */
public final class SubjectMatcher {
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private SubjectMatcher() {}

  /** Whether the requester with these claimed groups is among the subjects. */
  public static boolean matches(Subjects subjects, String requester, List<String> claimedGroups) {
    if (subjects == null || requester == null || requester.isBlank()) {
      return false;
    }
    if (subjects.users().contains(requester)) {
      return true;
    }
    Optional<ServiceAccountRef> serviceAccount = serviceAccount(requester);
    if (serviceAccount.isPresent() && subjects.serviceAccounts().contains(serviceAccount.get())) {
      return true;
    }
    Set<String> groups = groupsOf(requester, claimedGroups);
    return subjects.groups().stream().anyMatch(groups::contains);
  }

  /** The requester's groups: the claimed ones plus those every service account has. */
  static Set<String> groupsOf(String requester, List<String> claimedGroups) {
    Set<String> groups = new LinkedHashSet<>();
    if (claimedGroups != null) {
      groups.addAll(claimedGroups);
    }
    serviceAccount(requester)
        .ifPresent(
            sa -> {
              groups.add("system:serviceaccounts");
              groups.add("system:serviceaccounts:" + sa.namespace());
            });
    return groups;
  }

  /** The service account a user name stands for, if it is one. */
  static Optional<ServiceAccountRef> serviceAccount(String requester) {
    if (requester == null || !requester.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = requester.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ServiceAccountRef(parts[0], parts[1]));
  }
}
