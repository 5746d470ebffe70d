package dev.countersign.policy;

import static dev.countersign.fixtures.Requests.LIMITS;
import static dev.countersign.fixtures.Requests.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.fixtures.Policies;
import dev.countersign.fixtures.Requests;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A malformed request is Denied with every problem, before any policy is consulted. */
class RequestValidationTest {
  private final PolicyEvaluator evaluator = new PolicyEvaluator(LIMITS);

  /** Policies that would allow anything the agent asks, so that only validation can deny. */
  private static final List<PolicySnapshot> PERMISSIVE =
      List.of(
          Policies.allowScale("any-scale").build(),
          Policies.allow("any-restart", "restart").build(),
          Policies.allow("any-rollback", "rollback").build());

  static Stream<Arguments> malformedRequests() {
    return Stream.of(
        arguments(
            "unsupported action",
            Requests.action("delete", "web"),
            List.of("action \"delete\" is not supported; use scale, restart or rollback"),
            List.of("UnknownAction")),
        arguments(
            "unsupported kind",
            Requests.restart("web").kind("DaemonSet"),
            List.of("kind DaemonSet is not supported; use Deployment or StatefulSet"),
            List.of("UnsupportedKind")),
        arguments(
            "missing target",
            Requests.restart("web").missingTarget(),
            List.of("Deployment web does not exist in namespace shop"),
            List.of("TargetMissing")),
        arguments(
            "scale without replicas",
            Requests.scale("web", null),
            List.of("action scale needs spec.scale.replicas"),
            List.of("InvalidRequest")),
        arguments(
            "scale without spec.scale",
            Requests.scale("web", 3).noScaleParameters(),
            List.of("action scale needs spec.scale.replicas"),
            List.of("InvalidRequest")),
        arguments(
            "negative replicas",
            Requests.scale("web", -1),
            List.of("replicas -1 is negative"),
            List.of("InvalidRequest")),
        arguments(
            "replicas above the operator's ceiling",
            Requests.scale("web", 5000),
            List.of("replicas 5000 exceeds the operator's ceiling of 1000"),
            List.of("AboveMax")),
        arguments(
            "rollback to an unknown revision",
            Requests.rollback("web").toRevision(7L),
            List.of("revision 7 does not exist for Deployment web; known revisions: [1, 2, 3]"),
            List.of("RevisionMissing")),
        arguments(
            "rollback to the current revision",
            Requests.rollback("web").toRevision(3L),
            List.of("revision 3 is the current revision of Deployment web; nothing to undo"),
            List.of("InvalidRequest")),
        arguments(
            "rollback with no earlier revision",
            Requests.rollback("web").revisions(1L, 1L),
            List.of("Deployment web has no earlier revision to roll back to"),
            List.of("RevisionMissing")),
        arguments(
            "rollback of a missing target",
            Requests.rollback("web").missingTarget(),
            List.of("Deployment web does not exist in namespace shop"),
            List.of("TargetMissing")),
        arguments(
            "blank reasoning summary",
            Requests.restart("web").summary("  "),
            List.of("spec.reasoning.summary is missing; say what the change is for and why"),
            List.of("InvalidRequest")),
        arguments(
            "missing reasoning summary",
            Requests.restart("web").summary(null),
            List.of("spec.reasoning.summary is missing; say what the change is for and why"),
            List.of("InvalidRequest")),
        arguments(
            "blank requester",
            Requests.restart("web").by(""),
            List.of("spec.requester is missing"),
            List.of("InvalidRequest")),
        arguments(
            "scale parameters on a restart",
            Requests.restart("web").replicas(4),
            List.of("spec.scale is only for action scale"),
            List.of("InvalidRequest")),
        arguments(
            "rollback parameters on a scale",
            Requests.scale("web", 4).toRevision(2L),
            List.of("spec.rollback is only for action rollback"),
            List.of("InvalidRequest")),
        arguments(
            "several problems at once",
            Requests.action("delete", "web").kind("DaemonSet").summary(""),
            List.of(
                "action \"delete\" is not supported; use scale, restart or rollback",
                "kind DaemonSet is not supported; use Deployment or StatefulSet",
                "spec.reasoning.summary is missing; say what the change is for and why"),
            List.of("UnknownAction", "UnsupportedKind", "InvalidRequest")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void deniesMalformedRequestWithEveryReason(
      String description, Requests.Builder request, List<String> reasons, List<String> codes) {
    Decision decision = evaluator.evaluate(request.build(), PERMISSIVE, NOW);

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons()).containsExactlyElementsOf(reasons);
    assertThat(decision.reasonCodes()).containsExactlyElementsOf(codes);
    assertThat(decision.policies()).isEmpty();
    assertThat(decision.decidedAt()).isEqualTo("2025-06-01T12:00:00Z");
  }

  static Stream<Arguments> wellFormedRequests() {
    return Stream.of(
        arguments("scale to the operator's ceiling", Requests.scale("web", 1000)),
        arguments("scale to zero", Requests.scale("web", 0)),
        arguments("restart", Requests.restart("web")),
        arguments("rollback to the previous revision", Requests.rollback("web")),
        arguments("rollback to an earlier revision", Requests.rollback("web").toRevision(1L)),
        arguments(
            "rollback when the current revision is unknown",
            Requests.rollback("web").revisions(null, 4L, 5L)),
        arguments("rollback of a StatefulSet", Requests.rollback("db").kind("StatefulSet")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormedRequests")
  void allowsWellFormedRequestThatAPolicyAllows(String description, Requests.Builder request) {
    Decision decision = evaluator.evaluate(request.build(), PERMISSIVE, NOW);

    assertThat(decision.verdict()).as(decision.reasons().toString()).isEqualTo(Verdict.Allowed);
  }

  @Test
  void previousRevisionIsTheHighestBelowTheCurrent() {
    assertThat(Requests.rollback("web").revisions(5L, 2L, 4L, 5L, 6L).build().target())
        .extracting(TargetFacts::previousRevision)
        .isEqualTo(java.util.Optional.of(4L));
    assertThat(TargetFacts.missing("Deployment", "web").previousRevision()).isEmpty();
  }
}
