package dev.countersign.testkit.apiserver.auth;

import java.util.Map;

/**
 * The outcome of {@link AccessControl#check}: either the request may proceed, as this user and with
 * these attributes, or the server must answer it with this status, headers and body.
 *
 * @param allowed whether the request may proceed
 * @param user who made it; null if it did not authenticate
 * @param request what it asks to do
 * @param status the HTTP status to answer with when not allowed (401 or 403), 0 when allowed
 * @param headers the headers to answer with when not allowed
 * @param body the metav1.Status JSON to answer with when not allowed, "" when allowed
 */
public record AccessResult(
    boolean allowed,
    UserInfo user,
    RequestInfo request,
    int status,
    Map<String, String> headers,
    String body) {

  /** Copies the headers. */
  public AccessResult {
    headers = Map.copyOf(headers);
  }

  static AccessResult allow(UserInfo user, RequestInfo request) {
    return new AccessResult(true, user, request, 0, Map.of(), "");
  }

  static AccessResult unauthorized(RequestInfo request) {
    return new AccessResult(
        false,
        null,
        request,
        401,
        Map.of("Content-Type", "application/json"),
        ApiStatus.unauthorized());
  }

  static AccessResult forbidden(UserInfo user, RequestInfo request, String reason) {
    return new AccessResult(
        false,
        user,
        request,
        403,
        Map.of("Content-Type", "application/json", "X-Content-Type-Options", "nosniff"),
        ApiStatus.forbidden(user, request, reason));
  }
}
