package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the API server does to an object before validating it: pruning and defaulting. */
class DecodingTest {
  private static final CrdSchemaValidator THINGS =
      CrdSchemaValidator.forVersion(
          Fixtures.crd(
              """
              type: object
              properties:
                spec:
                  type: object
                  required: [mode]
                  properties:
                    mode: {type: string, default: Enforce}
                    limits:
                      type: object
                      default: {}
                      properties:
                        max: {type: integer, default: 10}
                        min: {type: integer}
                    rules:
                      type: array
                      items:
                        type: object
                        properties:
                          action: {type: string}
                          effect: {type: string, default: Allow}
                    extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {known: {type: object, properties: {a: {type: string}}}}}
              """),
          "v1");

  @Test
  void prunesUnknownFieldsAndReportsThemAsWarnings() {
    ValidationResult result =
        THINGS.validateCreate(
            Fixtures.thing(
                "spec: {mode: Audit, foo: 1, rules: [{action: a, bar: 2}]}\ntopLevel: x"));

    assertThat(result.isValid()).isTrue();
    assertThat(result.prunedFields()).containsExactly("spec.foo", "spec.rules[0].bar", "topLevel");
    assertThat(result.warnings())
        .containsExactly(
            "unknown field \"spec.foo\"",
            "unknown field \"spec.rules[0].bar\"",
            "unknown field \"topLevel\"");
    assertThat(result.object().path("spec").has("foo")).isFalse();
    assertThat(result.object().path("spec").path("rules").get(0).has("bar")).isFalse();
  }

  @Test
  void keepsUnknownFieldsBelowPreserveUnknownFieldsButPrunesItsKnownProperties() {
    ValidationResult result =
        THINGS.validateCreate(
            Fixtures.thing("spec: {extra: {anything: [1, 2], known: {a: x, b: y}}}"));

    assertThat(result.prunedFields()).containsExactly("spec.extra.known.b");
    assertThat(result.object().path("spec").path("extra").path("anything").size()).isEqualTo(2);
  }

  @Test
  void leavesApiVersionKindAndMetadataAlone() {
    ValidationResult result =
        THINGS.validateCreate(
            Fixtures.yaml(
                "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x, labels: {a: b}}"));

    assertThat(result.prunedFields()).isEmpty();
    assertThat(result.object().path("metadata").path("labels").path("a").asText()).isEqualTo("b");
  }

  @Test
  void appliesDefaultsBeforeValidation() {
    ValidationResult result = THINGS.validateCreate(Fixtures.thing("spec: {rules: [{action: a}]}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.object().path("spec").path("mode").asText()).isEqualTo("Enforce");
    assertThat(result.object().path("spec").path("limits").path("max").asLong()).isEqualTo(10);
    assertThat(result.object().path("spec").path("rules").get(0).path("effect").asText())
        .isEqualTo("Allow");
  }

  @Test
  void defaultsOnlyBelowObjectsThatArePresent() {
    ValidationResult result = THINGS.validateCreate(Fixtures.thing("{}"));

    assertThat(result.object().has("spec")).isFalse();
  }

  @Test
  void aNullWithADefaultIsDefaulted() {
    ValidationResult result = THINGS.validateCreate(Fixtures.thing("spec: {mode: null}"));

    assertThat(result.object().path("spec").path("mode").asText()).isEqualTo("Enforce");
  }
}
