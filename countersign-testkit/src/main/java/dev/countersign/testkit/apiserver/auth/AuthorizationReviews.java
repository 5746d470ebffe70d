package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Answers SelfSubjectAccessReviews and SelfSubjectRulesReviews from the same authorizer that guards
 * requests, as k8s.io/kubernetes/pkg/registry/authorization does.
 */
final class AuthorizationReviews {

  private static final String GROUP = "authorization.k8s.io";
  private static final List<String> RESOURCE_FIELDS =
      List.of("namespace", "verb", "group", "version", "resource", "subresource", "name");

  private final RbacAuthorizer authorizer;

  AuthorizationReviews(RbacAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  ReviewAnswer selfSubjectAccessReview(JsonNode review, UserInfo user) {
    return accessReview(ReviewEndpoint.SELF_SUBJECT_ACCESS_REVIEW, review, user);
  }

  /**
   * A SubjectAccessReview: whether the user and groups the spec names (exactly those, as the API
   * server takes them) may do what it asks. Who may create one is RBAC's question, asked before.
   */
  ReviewAnswer subjectAccessReview(JsonNode review) {
    JsonNode spec = review.path("spec");
    String username = ApiJson.text(spec, "user");
    List<String> groups = new java.util.ArrayList<>();
    spec.path("groups").forEach(g -> groups.add(g.asText()));
    if (username.isEmpty() && groups.isEmpty()) {
      return new ReviewAnswer(
          422,
          ApiStatus.invalid(
              ReviewEndpoint.SUBJECT_ACCESS_REVIEW.kind,
              GROUP,
              "spec.user",
              "\"\"",
              "at least one of user or group must be specified"));
    }
    UserInfo subject =
        new UserInfo(username, ApiJson.text(spec, "uid"), groups, java.util.Map.of());
    return accessReview(ReviewEndpoint.SUBJECT_ACCESS_REVIEW, review, subject);
  }

  private ReviewAnswer accessReview(ReviewEndpoint endpoint, JsonNode review, UserInfo user) {
    String kind = endpoint.kind;
    JsonNode spec = review.path("spec");
    JsonNode resource = spec.get("resourceAttributes");
    JsonNode nonResource = spec.get("nonResourceAttributes");
    boolean hasResource = resource != null && resource.isObject();
    boolean hasNonResource = nonResource != null && nonResource.isObject();
    if (hasResource && hasNonResource) {
      String value =
          "authorization.NonResourceAttributes{Path:"
              + GoQuoted.of(ApiJson.text(nonResource, "path"))
              + ", Verb:"
              + GoQuoted.of(ApiJson.text(nonResource, "verb"))
              + "}";
      return new ReviewAnswer(
          422,
          ApiStatus.invalid(
              kind,
              GROUP,
              "spec.nonResourceAttributes",
              value,
              "cannot be specified in combination with resourceAttributes"));
    }
    if (!hasResource && !hasNonResource) {
      return new ReviewAnswer(
          422,
          ApiStatus.invalid(
              kind,
              GROUP,
              "spec.resourceAttributes",
              "\"null\"",
              "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
    RequestInfo request = hasResource ? resourceRequest(resource) : nonResourceRequest(nonResource);
    AuthorizationDecision decision = authorizer.authorize(user, request);

    ObjectNode echoedSpec = ApiJson.object();
    if (hasResource) {
      ObjectNode attributes = echoedSpec.putObject("resourceAttributes");
      RESOURCE_FIELDS.forEach(
          field -> ApiJson.putIfNotEmpty(attributes, field, ApiJson.text(resource, field)));
      for (String selector : List.of("fieldSelector", "labelSelector")) {
        if (resource.path(selector).isObject() && !resource.path(selector).isEmpty()) {
          attributes.set(selector, resource.get(selector));
        }
      }
    } else {
      ObjectNode attributes = echoedSpec.putObject("nonResourceAttributes");
      ApiJson.putIfNotEmpty(attributes, "path", ApiJson.text(nonResource, "path"));
      ApiJson.putIfNotEmpty(attributes, "verb", ApiJson.text(nonResource, "verb"));
    }
    if (endpoint == ReviewEndpoint.SUBJECT_ACCESS_REVIEW) {
      ApiJson.putIfNotEmpty(echoedSpec, "user", user.username());
      if (!user.groups().isEmpty()) {
        echoedSpec.set("groups", ApiJson.strings(user.groups()));
      }
    }
    ObjectNode status = ApiJson.object();
    status.put("allowed", decision.allowed());
    ApiJson.putIfNotEmpty(status, "reason", decision.reason());
    return ReviewAnswer.created(ApiJson.write(endpoint.envelope(echoedSpec, status)));
  }

  ReviewAnswer selfSubjectRulesReview(JsonNode review, UserInfo user) {
    String namespace = ApiJson.text(review.path("spec"), "namespace");
    if (namespace.isEmpty()) {
      return ReviewAnswer.badRequest("no namespace on request");
    }
    RuleList rules = authorizer.rulesFor(user, namespace);
    ArrayNode resourceRules = ApiJson.MAPPER.createArrayNode();
    ArrayNode nonResourceRules = ApiJson.MAPPER.createArrayNode();
    for (PolicyRule rule : rules.rules()) {
      if (!rule.resources().isEmpty()) {
        ObjectNode resourceRule = resourceRules.addObject();
        resourceRule.set("verbs", ApiJson.strings(rule.verbs()));
        ApiJson.putIfNotEmpty(resourceRule, "apiGroups", rule.apiGroups());
        ApiJson.putIfNotEmpty(resourceRule, "resources", rule.resources());
        ApiJson.putIfNotEmpty(resourceRule, "resourceNames", rule.resourceNames());
      }
      if (!rule.nonResourceURLs().isEmpty()) {
        ObjectNode nonResourceRule = nonResourceRules.addObject();
        nonResourceRule.set("verbs", ApiJson.strings(rule.verbs()));
        nonResourceRule.set("nonResourceURLs", ApiJson.strings(rule.nonResourceURLs()));
      }
    }
    ObjectNode status = ApiJson.object();
    status.set("resourceRules", resourceRules);
    status.set("nonResourceRules", nonResourceRules);
    status.put("incomplete", false);
    ApiJson.putIfNotEmpty(status, "evaluationError", rules.evaluationError());
    return ReviewAnswer.created(
        ApiJson.write(ReviewEndpoint.SELF_SUBJECT_RULES_REVIEW.envelope(ApiJson.object(), status)));
  }

  private static RequestInfo resourceRequest(JsonNode attributes) {
    String version = ApiJson.text(attributes, "version");
    return new RequestInfo(
        true,
        "",
        ApiJson.text(attributes, "verb"),
        "",
        ApiJson.text(attributes, "group"),
        version.isEmpty() ? "*" : version,
        ApiJson.text(attributes, "namespace"),
        ApiJson.text(attributes, "resource"),
        ApiJson.text(attributes, "subresource"),
        ApiJson.text(attributes, "name"),
        List.of(),
        "",
        "");
  }

  private static RequestInfo nonResourceRequest(JsonNode attributes) {
    return RequestInfo.nonResource(
        ApiJson.text(attributes, "verb"), ApiJson.text(attributes, "path"));
  }
}
