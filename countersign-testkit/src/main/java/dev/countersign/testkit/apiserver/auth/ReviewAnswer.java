package dev.countersign.testkit.apiserver.auth;

/**
 * The API server's answer to a POST of a review (SelfSubjectAccessReview, SelfSubjectRulesReview,
 * SelfSubjectReview, TokenReview).
 *
 * @param status 201 with the completed review, or 400/422 with a metav1.Status
 * @param body the JSON body
 */
public record ReviewAnswer(int status, String body) {

  /** The Content-Type of every answer. */
  public static final String CONTENT_TYPE = "application/json";

  static ReviewAnswer created(String body) {
    return new ReviewAnswer(201, body);
  }

  static ReviewAnswer badRequest(String message) {
    return new ReviewAnswer(400, ApiStatus.badRequest(message));
  }
}
