package dev.countersign.testkit.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.testkit.apiserver.validation.ErrorType;
import dev.countersign.testkit.apiserver.validation.FieldError;
import dev.countersign.testkit.apiserver.validation.InvalidStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers the {@code token} subresource of a ServiceAccount (a TokenRequest, as {@code kubectl
 * create token} and projected volumes ask for one) as k8s.io/kubernetes/pkg/registry/core/
 * serviceaccount/storage/token.go does: the token authenticates as the ServiceAccount, for the
 * requested audiences (the API server's when none are named), until it expires (an hour unless
 * asked otherwise; at least ten minutes). The token is opaque here, not a signed JWT: clients only
 * pass it on.
 */
final class TokenRequests {
  static final String GROUP = "authentication.k8s.io";
  static final String KIND = "TokenRequest";

  /** The API's default lifetime (SetDefaults_TokenRequestSpec). */
  static final long DEFAULT_SECONDS = 3600;

  /** The shortest lifetime validation accepts. */
  static final long MIN_SECONDS = 600;

  /** The longest lifetime validation accepts: 2^32 seconds. */
  static final long MAX_SECONDS = 1L << 32;

  private final Authenticator authenticator;
  private final Clock clock;

  TokenRequests(Authenticator authenticator, Clock clock) {
    this.authenticator = authenticator;
    this.clock = clock;
  }

  /** Whether the request asks for a ServiceAccount's token (RBAC: create serviceaccounts/token). */
  static boolean isTokenRequest(RequestInfo request) {
    return request.resourceRequest()
        && "create".equals(request.verb())
        && request.apiGroup().isEmpty()
        && "serviceaccounts".equals(request.resource())
        && "token".equals(request.subresource())
        && !request.name().isEmpty();
  }

  /**
   * Issues a token for the ServiceAccount the request names: the request is validated first, then
   * the ServiceAccount looked up (404 if there is none), in the API server's order.
   *
   * @param request the TokenRequest's URL, as {@link #isTokenRequest} accepted it
   * @param serviceAccountUid the stored ServiceAccount's uid, empty if it does not exist
   * @param body the TokenRequest
   */
  ReviewAnswer issue(
      RequestInfo request, Supplier<Optional<String>> serviceAccountUid, JsonNode body) {
    String name = request.name();
    JsonNode spec = body.path("spec");
    List<FieldError> errors = new ArrayList<>();
    long seconds = DEFAULT_SECONDS;
    JsonNode asked = spec.path("expirationSeconds");
    if (!asked.isMissingNode() && !asked.isNull()) {
      if (!asked.isIntegralNumber() || !asked.canConvertToLong()) {
        return ReviewAnswer.badRequest(
            "TokenRequest in version \"v1\" cannot be handled as a TokenRequest:"
                + " spec.expirationSeconds: not an integer: "
                + asked);
      }
      seconds = asked.asLong();
      if (seconds < MIN_SECONDS) {
        errors.add(
            new FieldError(
                ErrorType.INVALID,
                "spec.expirationSeconds",
                seconds,
                "may not specify a duration less than 10 minutes"));
      } else if (seconds > MAX_SECONDS) {
        errors.add(
            new FieldError(
                ErrorType.INVALID,
                "spec.expirationSeconds",
                seconds,
                "may not specify a duration larger than 2^32 seconds"));
      }
    }
    if (spec.hasNonNull("boundObjectRef")) {
      errors.add(
          new FieldError(
              ErrorType.FORBIDDEN,
              "spec.boundObjectRef",
              FieldError.OMIT,
              "the embedded API server does not bind tokens to objects"));
    }
    if (!errors.isEmpty()) {
      // The API server names no object in this error (errors.NewInvalid(..., "", errs)).
      return new ReviewAnswer(422, InvalidStatus.render(GROUP, KIND, "", errors));
    }
    Optional<String> uid = serviceAccountUid.get();
    if (uid.isEmpty()) {
      return new ReviewAnswer(404, ApiStatus.notFound("serviceaccounts", name));
    }
    List<String> audiences = ApiJson.textList(spec, "audiences");
    if (audiences.isEmpty()) {
      audiences = authenticator.apiAudiences();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plusSeconds(seconds);
    String token =
        authenticator.issueBound(
            UserInfo.serviceAccount(request.namespace(), name).withUid(uid.get()),
            audiences,
            expires);

    ObjectNode answer = ApiJson.object();
    answer.put("kind", KIND);
    answer.put("apiVersion", GROUP + "/v1");
    ObjectNode metadata = answer.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", request.namespace());
    metadata.put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(now));
    ObjectNode echoed = answer.putObject("spec");
    echoed.set("audiences", ApiJson.strings(audiences));
    echoed.put("expirationSeconds", seconds);
    echoed.putNull("boundObjectRef");
    ObjectNode status = answer.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", DateTimeFormatter.ISO_INSTANT.format(expires));
    return ReviewAnswer.created(ApiJson.write(answer));
  }
}
