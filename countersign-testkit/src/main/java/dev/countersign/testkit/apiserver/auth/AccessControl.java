package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authenticates and authorizes every request to the embedded API server as kube-apiserver with
 * {@code --authorization-mode=RBAC} and anonymous requests disabled does, and answers the review
 * resources. Thread-safe.
 *
 * <p>An HTTP dispatcher calls {@link #check} first for every request; if it is not allowed, it
 * answers with the result's status, headers and body. If it is allowed and {@link #isReviewPath}
 * says the path is a review resource, it answers with {@link #answerReview}; otherwise it serves
 * the request. Every stored Role, ClusterRole, RoleBinding and ClusterRoleBinding change goes to
 * {@link #policy()}.
 */
public final class AccessControl {

  private final Authenticator authenticator;
  private final PolicyStore policy;
  private final RbacAuthorizer authorizer;
  private final AuthorizationReviews authorizationReviews;
  private final AuthenticationReviews authenticationReviews;
  private final TokenRequests tokenRequests;

  /** Access control with the default API audiences and the cluster's bootstrap policy. */
  public AccessControl() {
    this(new Authenticator(), PolicyStore.withBootstrapPolicy(), Clock.systemUTC());
  }

  /**
   * Access control over the given tokens and RBAC objects.
   *
   * @param authenticator the tokens the server accepts
   * @param policy the RBAC objects, e.g. {@link PolicyStore#withBootstrapPolicy()}
   * @param clock the clock of SelfSubjectReview timestamps
   */
  public AccessControl(Authenticator authenticator, PolicyStore policy, Clock clock) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.authorizer = new RbacAuthorizer(policy);
    this.authorizationReviews = new AuthorizationReviews(authorizer);
    this.authenticationReviews = new AuthenticationReviews(authenticator, clock);
    this.tokenRequests = new TokenRequests(authenticator, clock);
  }

  /** The tokens the server accepts; register identities here. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** The RBAC objects decisions are made by; feed stored RBAC changes here. */
  public PolicyStore policy() {
    return policy;
  }

  /** The authorizer, for direct questions in tests. */
  public RbacAuthorizer authorizer() {
    return authorizer;
  }

  /**
   * Authenticates the request by its bearer token (401 if it has none or a bad one), resolves what
   * it asks to do, and authorizes that with RBAC (403 if denied).
   *
   * @param method the HTTP method
   * @param path the URL path
   * @param query the raw query string without {@code ?}, or null
   * @param headers the request headers (names case-insensitive)
   */
  public AccessResult check(
      String method, String path, String query, Map<String, ? extends List<String>> headers) {
    RequestInfo request = RequestInfo.of(method, path, query);
    Optional<UserInfo> user = authenticator.authenticate(headers);
    if (user.isEmpty()) {
      return AccessResult.unauthorized(request);
    }
    AuthorizationDecision decision = authorizer.authorize(user.get(), request);
    return decision.allowed()
        ? AccessResult.allow(user.get(), request)
        : AccessResult.forbidden(user.get(), request, decision.reason());
  }

  /**
   * {@link #check(String, String, String, Map)} for a request target with its query, as a request
   * line carries it: {@code /api/v1/pods?watch=true}.
   */
  public AccessResult check(
      String method, String target, Map<String, ? extends List<String>> headers) {
    int question = target.indexOf('?');
    return question < 0
        ? check(method, target, null, headers)
        : check(method, target.substring(0, question), target.substring(question + 1), headers);
  }

  /**
   * Whether the path is one of the review resources {@link #answerReview} answers:
   * selfsubjectaccessreviews, subjectaccessreviews, selfsubjectrulesreviews
   * (authorization.k8s.io/v1), selfsubjectreviews and tokenreviews (authentication.k8s.io/v1).
   */
  public static boolean isReviewPath(String path) {
    return ReviewEndpoint.forPath(path).isPresent();
  }

  /**
   * Whether the request asks for a ServiceAccount's token, which {@link #answerTokenRequest}
   * answers: {@code POST /api/v1/namespaces/NS/serviceaccounts/NAME/token}.
   */
  public static boolean isTokenRequest(RequestInfo request) {
    return TokenRequests.isTokenRequest(request);
  }

  /**
   * Answers a TokenRequest {@link #check} allowed: 201 with the token (the server accepts it from
   * then on, as the ServiceAccount, for the audiences and time the request asked), 400/422 with
   * what is wrong with the request, or 404 if the ServiceAccount does not exist.
   *
   * @param request the request's URL (see {@link #isTokenRequest})
   * @param serviceAccountUid looks up the stored ServiceAccount's uid, empty if there is none
   * @param body the TokenRequest as JSON
   */
  public ReviewAnswer answerTokenRequest(
      RequestInfo request, Supplier<Optional<String>> serviceAccountUid, String body) {
    JsonNode tokenRequest;
    try {
      tokenRequest = body == null || body.isBlank() ? ApiJson.object() : ApiJson.read(body);
    } catch (JsonProcessingException e) {
      return ReviewAnswer.badRequest(
          "the body of the request was not valid JSON: " + e.getOriginalMessage());
    }
    if (!tokenRequest.isObject()) {
      return ReviewAnswer.badRequest("the body of the request is not a JSON object");
    }
    return tokenRequests.issue(request, serviceAccountUid, tokenRequest);
  }

  /**
   * Answers the POST of a review by a user {@link #check} allowed to create it: empty if the path
   * is not a review resource.
   *
   * @param path the URL path
   * @param body the review as JSON
   * @param user who posts it (the {@link AccessResult#user()} of the check)
   */
  public Optional<ReviewAnswer> answerReview(String path, String body, UserInfo user) {
    Optional<ReviewEndpoint> endpoint = ReviewEndpoint.forPath(path);
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    JsonNode review;
    try {
      review = body == null || body.isBlank() ? null : ApiJson.read(body);
    } catch (JsonProcessingException e) {
      return Optional.of(
          ReviewAnswer.badRequest("the body of the request was not valid JSON: " + e.getMessage()));
    }
    if (review == null || !review.isObject()) {
      return Optional.of(ReviewAnswer.badRequest("the body of the request is not a JSON object"));
    }
    return Optional.of(
        switch (endpoint.get()) {
          case SELF_SUBJECT_ACCESS_REVIEW ->
              authorizationReviews.selfSubjectAccessReview(review, user);
          case SUBJECT_ACCESS_REVIEW -> authorizationReviews.subjectAccessReview(review);
          case SELF_SUBJECT_RULES_REVIEW ->
              authorizationReviews.selfSubjectRulesReview(review, user);
          case SELF_SUBJECT_REVIEW -> authenticationReviews.selfSubjectReview(user);
          case TOKEN_REVIEW -> authenticationReviews.tokenReview(review);
        });
  }
}
