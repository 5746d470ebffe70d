package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;

/** The review resources {@link AccessControl} answers, each at POST /apis/GROUP/v1/RESOURCE. */
enum ReviewEndpoint {
  SELF_SUBJECT_ACCESS_REVIEW(
      "authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
  SUBJECT_ACCESS_REVIEW("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview"),
  SELF_SUBJECT_RULES_REVIEW(
      "authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview"),
  SELF_SUBJECT_REVIEW("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview"),
  TOKEN_REVIEW("authentication.k8s.io", "tokenreviews", "TokenReview");

  static final String VERSION = "v1";

  final String group;
  final String resource;
  final String kind;

  ReviewEndpoint(String group, String resource, String kind) {
    this.group = group;
    this.resource = resource;
    this.kind = kind;
  }

  String apiVersion() {
    return group + "/" + VERSION;
  }

  String path() {
    return "/apis/" + group + "/" + VERSION + "/" + resource;
  }

  /**
   * The review as the API server returns it: kind, apiVersion, metadata (creationTimestamp null, as
   * Go writes a zero time), spec, status.
   */
  ObjectNode envelope(ObjectNode spec, ObjectNode status) {
    ObjectNode review = ApiJson.object();
    review.put("kind", kind);
    review.put("apiVersion", apiVersion());
    review.putObject("metadata").putNull("creationTimestamp");
    review.set("spec", spec);
    review.set("status", status);
    return review;
  }

  static Optional<ReviewEndpoint> forPath(String path) {
    String clean = path == null ? "" : path.split("\\?", 2)[0];
    return Arrays.stream(values()).filter(endpoint -> endpoint.path().equals(clean)).findFirst();
  }
}
