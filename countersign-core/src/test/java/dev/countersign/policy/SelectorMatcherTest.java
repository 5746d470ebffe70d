package dev.countersign.policy;

import static dev.countersign.fixtures.Policies.requirement;
import static dev.countersign.fixtures.Policies.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.countersign.api.v1alpha1.Selector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Label selectors with Kubernetes semantics. */
class SelectorMatcherTest {
  private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "frontend");

  static Stream<Arguments> selectors() {
    return Stream.of(
        arguments("no selector", null, List.of()),
        arguments("empty selector", selector(Map.of()), List.of()),
        arguments("matchLabels all equal", selector(Map.of("app", "web")), List.of()),
        arguments(
            "matchLabels with another value",
            selector(Map.of("app", "api", "tier", "frontend")),
            List.of("needs label app=api")),
        arguments(
            "matchLabels with a missing key",
            selector(Map.of("env", "prod")),
            List.of("needs label env=prod")),
        arguments(
            "In with the value",
            selector(Map.of(), requirement("tier", "In", "frontend", "api")),
            List.of()),
        arguments(
            "In without the value",
            selector(Map.of(), requirement("tier", "In", "backend")),
            List.of("needs label tier in [backend]")),
        arguments(
            "In with the key absent",
            selector(Map.of(), requirement("env", "In", "prod")),
            List.of("needs label env in [prod]")),
        arguments(
            "NotIn with the key absent",
            selector(Map.of(), requirement("env", "NotIn", "prod")),
            List.of()),
        arguments(
            "NotIn with another value",
            selector(Map.of(), requirement("tier", "NotIn", "db")),
            List.of()),
        arguments(
            "NotIn with the value",
            selector(Map.of(), requirement("tier", "NotIn", "frontend")),
            List.of("needs label tier not in [frontend]")),
        arguments("Exists present", selector(Map.of(), requirement("app", "Exists")), List.of()),
        arguments(
            "Exists absent",
            selector(Map.of(), requirement("env", "Exists")),
            List.of("needs label env")),
        arguments(
            "DoesNotExist absent",
            selector(Map.of(), requirement("env", "DoesNotExist")),
            List.of()),
        arguments(
            "DoesNotExist present",
            selector(Map.of(), requirement("app", "DoesNotExist")),
            List.of("must not have label app")),
        arguments(
            "unknown operator",
            selector(Map.of(), requirement("app", "Like", "w*")),
            List.of("operator \"Like\" is unknown, so it matches nothing")),
        arguments(
            "every requirement must hold",
            selector(
                Map.of("app", "web"),
                requirement("tier", "In", "frontend"),
                requirement("env", "Exists"),
                requirement("canary", "DoesNotExist")),
            List.of("needs label env")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectors")
  void evaluatesSelectorLikeKubernetes(String description, Selector selector, List<String> unmet) {
    assertThat(SelectorMatcher.unmet(selector, LABELS)).containsExactlyElementsOf(unmet);
    assertThat(SelectorMatcher.matches(selector, LABELS)).isEqualTo(unmet.isEmpty());
  }

  @Test
  void selectorOnMissingLabelsTreatsThemAsEmpty() {
    assertThat(
            SelectorMatcher.matches(selector(Map.of(), requirement("env", "NotIn", "prod")), null))
        .isTrue();
    assertThat(SelectorMatcher.matches(selector(Map.of("env", "prod")), null)).isFalse();
  }
}
