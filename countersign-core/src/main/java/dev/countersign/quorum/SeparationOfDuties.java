package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who never counts as an approver besides the requester (DESIGN.md, Security): the operator's own
 * service account, and a service account that is a subject of a policy governing the request (an
 * agent never approves what agents may ask for). A service account is a subject by its name, by its
 * user name, or by a group: those it claims and the two every service account is in, {@code
 * system:serviceaccounts} and {@code system:serviceaccounts:<namespace>}.
 *
 * @param operatorUsername the operator's own user name (e.g. {@code
 *     system:serviceaccount:countersign-system:countersign})
 * @param policySubjects the subjects of each governing policy, by policy name
 */
public record SeparationOfDuties(String operatorUsername, Map<String, Subjects> policySubjects) {
  /** Nobody is barred. */
  public static final SeparationOfDuties NONE = new SeparationOfDuties(null, Map.of());

  static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  static final String ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";

  public SeparationOfDuties {
    policySubjects =
        policySubjects == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(policySubjects));
  }

  /** Why this approver never counts, or empty when nothing here bars them. */
  public Optional<String> bars(String approver, List<String> claimedGroups) {
    if (approver == null) {
      return Optional.empty();
    }
    if (approver.equals(operatorUsername)) {
      return Optional.of(
          approver + " is Countersign's own service account, which never approves or rejects");
    }
    if (!approver.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.empty();
    }
    List<String> groups = groupsOf(approver, claimedGroups);
    for (Map.Entry<String, Subjects> policy : policySubjects.entrySet()) {
      if (isSubject(policy.getValue(), approver, groups)) {
        return Optional.of(
            approver
                + " is a subject of AgentPolicy "
                + policy.getKey()
                + "; a service account the policy governs never approves or rejects");
      }
    }
    return Optional.empty();
  }

  private static boolean isSubject(Subjects subjects, String approver, List<String> groups) {
    if (subjects == null) {
      return false;
    }
    return subjects.serviceAccounts().stream().anyMatch(sa -> sa.username().equals(approver))
        || subjects.users().contains(approver)
        || subjects.groups().stream().anyMatch(groups::contains);
  }

  /** The claimed groups plus the two groups the API server puts every service account in. */
  private static List<String> groupsOf(String serviceAccount, List<String> claimed) {
    String rest = serviceAccount.substring(SERVICE_ACCOUNT_PREFIX.length());
    int colon = rest.indexOf(':');
    String namespace = colon < 0 ? rest : rest.substring(0, colon);
    var groups = new ArrayList<String>(claimed == null ? List.of() : claimed);
    groups.add(ALL_SERVICE_ACCOUNTS);
    groups.add(ALL_SERVICE_ACCOUNTS + ":" + namespace);
    return groups;
  }
}
