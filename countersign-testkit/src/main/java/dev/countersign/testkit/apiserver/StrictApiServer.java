package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.testkit.apiserver.admission.AdmissionDenial;
import dev.countersign.testkit.apiserver.admission.AdmissionPolicies;
import dev.countersign.testkit.apiserver.admission.AdmissionRequest;
import dev.countersign.testkit.apiserver.admission.ValidatingPolicy;
import dev.countersign.testkit.apiserver.auth.AccessControl;
import dev.countersign.testkit.apiserver.auth.AccessResult;
import dev.countersign.testkit.apiserver.auth.RequestInfo;
import dev.countersign.testkit.apiserver.auth.ReviewAnswer;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import dev.countersign.testkit.apiserver.validation.CrdSchemaValidator;
import dev.countersign.testkit.apiserver.validation.ErrorType;
import dev.countersign.testkit.apiserver.validation.FieldError;
import dev.countersign.testkit.apiserver.validation.InvalidStatus;
import dev.countersign.testkit.apiserver.validation.ValidationResult;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The part of kube-apiserver's request chain the store behind it lacks, in the API server's order:
 * authentication (bearer tokens) and RBAC authorization, the review resources and ServiceAccount
 * tokens (TokenRequest), then for every write the object as it would be stored (a patch applied),
 * validated against its CRD's OpenAPI schema and CEL rules (pruning unknown fields, applying
 * defaults, keeping status out of a main-resource write and spec out of a status write), then the
 * ValidatingAdmissionPolicies; a CRD whose rules cost more than the API server's budget is refused.
 * Stored RBAC objects, admission policies and CRDs take effect as they are written.
 *
 * <p>Writes are computed and stored one at a time, so the object a write was checked against is the
 * one it is applied to.
 */
final class StrictApiServer extends Dispatcher {
  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final String ADMISSION = "admissionregistration.k8s.io";
  private static final String EXTENSIONS = "apiextensions.k8s.io";

  private final AccessControl access;
  private final AdmissionPolicies admission;
  private final CustomResourceSchemas schemas = new CustomResourceSchemas();
  private final boolean validate;
  private final Dispatcher store;
  private final KubectlEndpoints kubectl;
  private final ReentrantLock writes = new ReentrantLock();

  /** Used under {@link #writes} only. */
  private final GeneratedNames names = new GeneratedNames(new SplittableRandom());

  StrictApiServer(
      AccessControl access, AdmissionPolicies admission, boolean validate, Dispatcher store) {
    this.access = access;
    this.admission = admission;
    this.validate = validate;
    this.store = store;
    this.kubectl = new KubectlEndpoints(store);
  }

  /** The media types of a body this server can read (a real one also reads protobuf and CBOR). */
  private static final List<String> READABLE =
      List.of(
          "application/json",
          "application/yaml",
          "application/merge-patch+json",
          "application/json-patch+json",
          "application/strategic-merge-patch+json",
          "application/apply-patch+yaml");

  /**
   * Every request gets an answer: a request the chain below fails on is answered 500 with what went
   * wrong, as the API server's panic recovery does, rather than left without one (the client would
   * wait until its timeout).
   */
  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return answer(request);
    } catch (RuntimeException e) {
      return json(500, status(500, "InternalError", "Internal error occurred: " + e.getMessage()));
    }
  }

  private MockResponse answer(RecordedRequest request) {
    String target = request.getPath();
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? null : target.substring(question + 1);
    AccessResult checked =
        access.check(request.getMethod(), path, query, request.getHeaders().toMultimap());
    if (!checked.allowed()) {
      return json(checked.status(), checked.body());
    }
    String mediaType = mediaType(request);
    if (!mediaType.isEmpty() && !READABLE.contains(mediaType) && hasBody(request)) {
      // kubectl's typed commands (create serviceaccount, create token) send protobuf.
      return json(
          415,
          status(
              415,
              "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted media types include: "
                  + String.join(", ", READABLE.subList(0, 2))
                  + " (the embedded API server reads no protobuf: "
                  + mediaType
                  + ")"));
    }
    if (AccessControl.isReviewPath(path) && "POST".equals(request.getMethod())) {
      Optional<ReviewAnswer> answer = access.answerReview(path, text(request), checked.user());
      if (answer.isPresent()) {
        return json(answer.get().status(), answer.get().body());
      }
    }
    RequestInfo info = checked.request();
    if (AccessControl.isTokenRequest(info)) {
      ReviewAnswer answer =
          access.answerTokenRequest(
              info,
              () ->
                  Optional.ofNullable(stored(info))
                      .map(account -> account.path("metadata").path("uid").asText()),
              text(request));
      return json(answer.status(), answer.body());
    }
    if (!info.resourceRequest() || !isWrite(info.verb())) {
      return kubectl.dispatch(request);
    }
    writes.lock();
    try {
      return write(request, info, checked.user());
    } finally {
      writes.unlock();
    }
  }

  @Override
  public void shutdown() {
    store.shutdown();
  }

  private MockResponse write(RecordedRequest request, RequestInfo info, UserInfo user) {
    ObjectNode current = info.name().isEmpty() ? null : stored(info);
    ObjectNode written = written(request, info, current);
    if (written == null && !"delete".equals(info.verb())) {
      return store.dispatch(request); // not a JSON object, or nothing to patch: the store answers
    }
    RecordedRequest forwarded = request;
    if ("create".equals(info.verb()) && nameGenerated(info, written)) {
      forwarded = withBody(request, Serialization.asJson(written));
    }
    if (EXTENSIONS.equals(info.apiGroup())
        && "customresourcedefinitions".equals(info.resource())
        && written != null) {
      List<FieldError> tooCostly = CustomResourceSchemas.costErrors(written);
      if (!tooCostly.isEmpty()) {
        return json(
            422,
            InvalidStatus.render(
                EXTENSIONS,
                "CustomResourceDefinition",
                written.path("metadata").path("name").asText(),
                tooCostly));
      }
    }
    if (ADMISSION.equals(info.apiGroup())
        && "validatingadmissionpolicies".equals(info.resource())
        && written != null) {
      try {
        new ValidatingPolicy(ObjectWrites.asMap(written));
      } catch (IllegalArgumentException e) {
        return json(
            422,
            InvalidStatus.render(
                ADMISSION,
                "ValidatingAdmissionPolicy",
                written.path("metadata").path("name").asText(),
                List.of(
                    new FieldError(ErrorType.INVALID, "spec", FieldError.OMIT, e.getMessage()))));
      }
    }
    Optional<CrdSchemaValidator> schema =
        schemas.forResource(info.apiGroup(), info.resource(), info.apiVersion());
    if (schema.isPresent() && "update".equals(info.verb()) && current == null) {
      // A custom resource is never created by an update (its strategy does not allow it): the
      // API server looks the object up first and answers Not Found before it reads the body.
      return json(404, notFound(info));
    }
    if (validate && schema.isPresent() && written != null) {
      ValidationResult result = validate(schema.get(), info, written, current);
      if (!result.isValid()) {
        return json(422, result.statusJson());
      }
      String target = request.getPath();
      if (target.contains("fieldValidation=Strict")) {
        List<String> unknown = new java.util.ArrayList<>();
        unknownFields(written, result.object(), "", unknown);
        if (!unknown.isEmpty()) {
          return json(400, strictDecodingError(written, info, unknown));
        }
      }
      written = (ObjectNode) result.object();
      if (!"patch".equals(info.verb())) {
        forwarded = withBody(request, Serialization.asJson(written));
      }
    }
    Optional<AdmissionDenial> denied =
        admission.admit(admissionRequest(info, user, written, current));
    if (denied.isPresent()) {
      return json(denied.get().code(), denied.get().body());
    }
    MockResponse response = store.dispatch(forwarded);
    if ("patch".equals(info.verb()) && response.code() == 202) {
      response.setResponseCode(200); // the mock answers a patch 202; the API server answers 200
    }
    if ("create".equals(info.verb()) && response.code() == 409 && written != null) {
      // The mock says "Invalid"; clients tell an existing object by the reason AlreadyExists.
      return json(409, alreadyExists(info, written.path("metadata").path("name").asText()));
    }
    if (response.code() >= 200 && response.code() < 300) {
      remember(info, "delete".equals(info.verb()) ? current : ObjectWrites.parse(body(response)));
    }
    return response;
  }

  /**
   * The fields of {@code written} that pruning removed: what the API server reports under {@code
   * fieldValidation=Strict} (kubectl's default) instead of dropping them silently.
   */
  private static void unknownFields(JsonNode written, JsonNode kept, String at, List<String> into) {
    if (written instanceof ObjectNode object) {
      object
          .fieldNames()
          .forEachRemaining(
              field -> {
                String path = at.isEmpty() ? field : at + "." + field;
                if (kept == null || !kept.has(field)) {
                  into.add(path);
                } else {
                  unknownFields(object.get(field), kept.get(field), path, into);
                }
              });
    } else if (written != null && written.isArray() && kept != null && kept.isArray()) {
      for (int i = 0; i < written.size() && i < kept.size(); i++) {
        unknownFields(written.get(i), kept.get(i), at + "[" + i + "]", into);
      }
    }
  }

  private static String strictDecodingError(
      ObjectNode written, RequestInfo info, List<String> unknown) {
    String kind = written.path("kind").asText();
    String message =
        kind
            + " in version \""
            + info.apiVersion()
            + "\" cannot be handled as a "
            + kind
            + ": strict decoding error: "
            + unknown.stream()
                .map(f -> "unknown field \"" + f + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
    return status(400, "BadRequest", message);
  }

  /** The API server's answer to creating an object whose name is taken. */
  private static String alreadyExists(RequestInfo info, String name) {
    return aboutObject(409, "AlreadyExists", info, name, "already exists");
  }

  private static String notFound(RequestInfo info) {
    return aboutObject(404, "NotFound", info, info.name(), "not found");
  }

  /** A failure about one object, worded and detailed as the API server words it. */
  private static String aboutObject(
      int code, String reason, RequestInfo info, String name, String what) {
    ObjectNode details = Serialization.jsonMapper().createObjectNode().put("name", name);
    if (!info.apiGroup().isEmpty()) {
      details.put("group", info.apiGroup());
    }
    details.put("kind", info.resource());
    return FailureStatus.json(
        code, reason, info.groupResource() + " \"" + name + "\" " + what, details);
  }

  /** A metav1.Status of a failure. */
  private static String status(int code, String reason, String message) {
    return FailureStatus.json(code, reason, message, null);
  }

  /** The request's Content-Type without parameters, lower case; empty if it has none. */
  private static String mediaType(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    return contentType == null
        ? ""
        : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean hasBody(RecordedRequest request) {
    return request.getBody() != null && request.getBody().size() > 0;
  }

  private ValidationResult validate(
      CrdSchemaValidator schema, RequestInfo info, ObjectNode written, ObjectNode current) {
    if ("create".equals(info.verb()) || current == null) {
      return schema.validateCreate(written);
    }
    return "status".equals(info.subresource())
        ? schema.validateStatusUpdate(written, current)
        : schema.validateUpdate(written, current);
  }

  /** The object the write would store, or null for a delete or a body that is no JSON object. */
  private static ObjectNode written(RecordedRequest request, RequestInfo info, ObjectNode current) {
    return switch (info.verb()) {
      case "create", "update" -> ObjectWrites.parse(text(request));
      case "patch" ->
          current == null
              ? null
              : ObjectWrites.patched(current, request.getHeader("Content-Type"), text(request));
      default -> null;
    };
  }

  private static AdmissionRequest admissionRequest(
      RequestInfo info, UserInfo user, ObjectNode written, ObjectNode current) {
    String operation =
        switch (info.verb()) {
          case "create" -> "CREATE";
          case "delete", "deletecollection" -> "DELETE";
          default -> "UPDATE";
        };
    JsonNode any = written != null ? written : current;
    String name =
        !info.name().isEmpty() || any == null
            ? info.name()
            : any.path("metadata").path("name").asText("");
    return new AdmissionRequest(
        operation,
        info.apiGroup(),
        info.apiVersion(),
        info.resource(),
        info.subresource(),
        any == null ? "" : any.path("kind").asText(""),
        info.namespace(),
        name,
        user,
        "DELETE".equals(operation) ? null : ObjectWrites.asMap(written),
        "CREATE".equals(operation) ? null : ObjectWrites.asMap(current));
  }

  /** Keeps RBAC, admission policies and CRD schemas in step with what was just stored. */
  @SuppressWarnings("unchecked")
  private void remember(RequestInfo info, ObjectNode object) {
    if (object == null || !object.has("kind")) {
      return;
    }
    boolean deleted = "delete".equals(info.verb());
    switch (info.apiGroup()) {
      case RBAC -> {
        if (deleted) {
          access.policy().delete(object);
        } else {
          access.policy().upsert(object);
        }
      }
      case ADMISSION -> {
        Map<String, Object> map = ObjectWrites.asMap(object);
        String name = object.path("metadata").path("name").asText();
        if ("validatingadmissionpolicies".equals(info.resource())) {
          if (deleted) {
            admission.removePolicy(name);
          } else {
            admission.putPolicy(map);
          }
        } else if ("validatingadmissionpolicybindings".equals(info.resource())) {
          if (deleted) {
            admission.removeBinding(name);
          } else {
            admission.putBinding(map);
          }
        }
      }
      case EXTENSIONS -> {
        if ("customresourcedefinitions".equals(info.resource())) {
          if (deleted) {
            schemas.remove(object);
            kubectl.removeCrd(object);
          } else {
            schemas.put(object);
            kubectl.putCrd(object);
          }
        }
      }
      default -> {}
    }
  }

  /**
   * Names an object created by {@code generateName} alone, as the API server does before it
   * validates and admits it ({@link GeneratedNames}); true if it did.
   */
  private boolean nameGenerated(RequestInfo info, ObjectNode written) {
    if (!(written.get("metadata") instanceof ObjectNode metadata)
        || !metadata.path("name").asText("").isEmpty()) {
      return false;
    }
    String prefix = metadata.path("generateName").asText("");
    if (prefix.isEmpty()) {
      return false;
    }
    metadata.put("name", names.forPrefix(prefix, name -> stored(info, name) != null));
    return true;
  }

  /** The stored object the request names (without its subresource), or null. */
  private ObjectNode stored(RequestInfo info) {
    return stored(info, info.name());
  }

  /** The stored object of the request's kind and namespace named {@code name}, or null. */
  private ObjectNode stored(RequestInfo info, String name) {
    StringBuilder path = new StringBuilder(info.apiPrefix());
    if (!info.apiGroup().isEmpty()) {
      path.append('/').append(info.apiGroup());
    }
    path.append('/').append(info.apiVersion());
    if (!info.namespace().isEmpty() && !"namespaces".equals(info.resource())) {
      path.append("/namespaces/").append(info.namespace());
    }
    path.append('/').append(info.resource()).append('/').append(name);
    MockResponse answer =
        store.dispatch(
            new RecordedRequest(
                "HTTP/1.1",
                io.fabric8.mockwebserver.dsl.HttpMethod.GET,
                path.toString(),
                io.fabric8.mockwebserver.http.Headers.builder().build(),
                new Buffer()));
    return answer.code() == 200 ? ObjectWrites.parse(body(answer)) : null;
  }

  private static boolean isWrite(String verb) {
    return switch (verb) {
      case "create", "update", "patch", "delete" -> true;
      default -> false;
    };
  }

  private static RecordedRequest withBody(RecordedRequest request, String body) {
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        request.getHeaders().newBuilder().removeAll("Content-Length").build(),
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The request's body as text, without consuming it (the store reads it next). */
  private static String text(RecordedRequest request) {
    return request.getBody() == null
        ? null
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static String body(MockResponse response) {
    return response.getBody() == null
        ? null
        : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
