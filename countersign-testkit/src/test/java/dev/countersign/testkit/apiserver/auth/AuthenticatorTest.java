package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  private final Authenticator authenticator = new Authenticator();

  private static Map<String, List<String>> authorization(String value) {
    return Map.of("Authorization", List.of(value));
  }

  @Test
  void theBearerTokenIsTheSecondSpaceSeparatedWordAsTheApiServerReadsIt() {
    authenticator.register("t0k3n", UserInfo.user("alice"));

    assertThat(authenticator.authenticate(authorization("Bearer t0k3n"))).isPresent();
    assertThat(authenticator.authenticate(authorization("  BEARER t0k3n  "))).isPresent();
    assertThat(authenticator.authenticate(authorization("Bearer t0k3n trailing words")))
        .isPresent();
    assertThat(authenticator.authenticate(authorization("Bearer  t0k3n"))).isEmpty();
    assertThat(authenticator.authenticate(authorization("Token t0k3n"))).isEmpty();
  }

  @Test
  void authenticatedGroupIsAddedOnceAndNeverBesideUnauthenticated() {
    authenticator.register("a", new UserInfo("alice", "u-1", List.of("dev"), Map.of()));
    authenticator.register("b", UserInfo.user("bob", "dev"));

    assertThat(authenticator.authenticate(Bearer.headers("a")).orElseThrow().groups())
        .containsExactly("dev", "system:authenticated");
    assertThat(authenticator.authenticate(Bearer.headers("b")).orElseThrow().groups())
        .containsExactly("dev", "system:authenticated");
    assertThat(UserInfo.user("x", UserInfo.UNAUTHENTICATED).groups())
        .containsExactly("system:unauthenticated");
  }

  @Test
  void serviceAccountsHaveTheirNamespaceGroups() {
    UserInfo robot = UserInfo.serviceAccount("ns", "robot");

    assertThat(robot.username()).isEqualTo("system:serviceaccount:ns:robot");
    assertThat(robot.groups())
        .containsExactly(
            "system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated");
  }

  @Test
  void revokedTokensNoLongerAuthenticate() {
    String token = authenticator.issue(UserInfo.user("alice"));
    assertThat(authenticator.authenticate(Bearer.headers(token))).isPresent();

    authenticator.revoke(token);

    assertThat(authenticator.authenticate(Bearer.headers(token))).isEmpty();
  }

  @Test
  void messagesQuoteAsGoDoes() {
    assertThat(GoQuoted.of("a\"b\\c\nd\u0001é\u00a0"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\x01é\\u00a0\"");
    assertThat(GoQuoted.list(List.of("x", "y"))).isEqualTo("[\"x\" \"y\"]");
    assertThat(ErrorAggregate.message(List.of("a", "a"))).isEqualTo("a");
    assertThat(ErrorAggregate.message(List.of("a", "b", "a"))).isEqualTo("[a, b]");
  }
}
