package dev.countersign.testkit.apiserver.auth;

import java.util.List;

/**
 * The outcome of authenticating one bearer token for some audiences, as a TokenReview reports it.
 *
 * @param authenticated whether the token authenticated
 * @param user whom it authenticated, null if it did not
 * @param audiences the requested audiences the token is good for (empty if it did not)
 * @param error why it did not authenticate, "" if it did
 */
public record TokenAuthentication(
    boolean authenticated, UserInfo user, List<String> audiences, String error) {

  /** Copies the audiences. */
  public TokenAuthentication {
    audiences = List.copyOf(audiences);
  }

  static TokenAuthentication success(UserInfo user, List<String> audiences) {
    return new TokenAuthentication(true, user, audiences, "");
  }

  static TokenAuthentication failure(String error) {
    return new TokenAuthentication(false, null, List.of(), error);
  }
}
