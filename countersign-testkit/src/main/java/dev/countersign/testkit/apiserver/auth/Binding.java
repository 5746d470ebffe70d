package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A RoleBinding or ClusterRoleBinding.
 *
 * @param kind {@link RbacKind#ROLE_BINDING} or {@link RbacKind#CLUSTER_ROLE_BINDING}
 * @param namespace the RoleBinding's namespace, "" for a ClusterRoleBinding
 * @param name the name
 * @param roleRef the role granted
 * @param subjects to whom
 */
public record Binding(
    RbacKind kind, String namespace, String name, RoleRef roleRef, List<Subject> subjects) {

  /** Copies the subjects. */
  public Binding {
    subjects = List.copyOf(subjects);
  }

  /** A RoleBinding or ClusterRoleBinding from its JSON or YAML tree. */
  static Binding fromJson(RbacKind kind, JsonNode node) {
    JsonNode metadata = node.path("metadata");
    List<Subject> subjects = new ArrayList<>();
    node.path("subjects").forEach(subject -> subjects.add(Subject.fromJson(subject)));
    String namespace = kind.namespaced() ? ApiJson.text(metadata, "namespace") : "";
    return new Binding(
        kind,
        namespace,
        ApiJson.text(metadata, "name"),
        RoleRef.fromJson(node.path("roleRef")),
        subjects);
  }

  /** The first subject that is the user, if any (rule.go's appliesTo). */
  Subject subjectFor(UserInfo user) {
    for (Subject subject : subjects) {
      if (subject.appliesTo(user, namespace)) {
        return subject;
      }
    }
    return null;
  }

  /** As RBAC's allow reasons describe a binding and the subject that matched. */
  String describe(Subject subject) {
    String binding =
        kind == RbacKind.ROLE_BINDING
            ? "RoleBinding " + GoQuoted.of(name + "/" + namespace)
            : "ClusterRoleBinding " + GoQuoted.of(name);
    return binding
        + " of "
        + roleRef.kind()
        + " "
        + GoQuoted.of(roleRef.name())
        + " to "
        + subject.describe(namespace);
  }
}
