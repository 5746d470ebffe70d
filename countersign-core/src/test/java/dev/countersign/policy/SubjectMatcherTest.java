package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.fixtures.Policies;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who a policy's subjects name. */
class SubjectMatcherTest {

  static Stream<Arguments> subjects() {
    String agent = "system:serviceaccount:shop:agent";
    return Stream.of(
        arguments("user listed", Policies.allowScale("p").users("alice"), "alice", List.of(), true),
        arguments(
            "user not listed", Policies.allowScale("p").users("alice"), "bob", List.of(), false),
        arguments(
            "service account listed",
            Policies.allowScale("p").serviceAccounts("shop/agent"),
            agent,
            List.of(),
            true),
        arguments(
            "same name in another namespace",
            Policies.allowScale("p").serviceAccounts("dev/agent"),
            agent,
            List.of(),
            false),
        arguments(
            "service account named as a user",
            Policies.allowScale("p").users(agent),
            agent,
            List.of(),
            true),
        arguments(
            "claimed group listed",
            Policies.allowScale("p").groups("ai-agents"),
            "alice",
            List.of("ai-agents"),
            true),
        arguments(
            "every service account's group",
            Policies.allowScale("p").groups("system:serviceaccounts"),
            agent,
            List.of(),
            true),
        arguments(
            "the service account namespace's group",
            Policies.allowScale("p").groups("system:serviceaccounts:shop"),
            agent,
            List.of(),
            true),
        arguments(
            "another namespace's group",
            Policies.allowScale("p").groups("system:serviceaccounts:dev"),
            agent,
            List.of(),
            false),
        arguments(
            "a user is not in the service accounts' group",
            Policies.allowScale("p").groups("system:serviceaccounts"),
            "alice",
            List.of(),
            false),
        arguments(
            "malformed service account name",
            Policies.allowScale("p").groups("system:serviceaccounts"),
            "system:serviceaccount:shop",
            List.of(),
            false),
        arguments("blank requester", Policies.allowScale("p").users(""), "", List.of(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subjects")
  void matchesRequesterAgainstSubjects(
      String description,
      Policies.Builder policy,
      String requester,
      List<String> groups,
      boolean matches) {
    assertThat(SubjectMatcher.matches(policy.spec().subjects(), requester, groups))
        .isEqualTo(matches);
  }
}
