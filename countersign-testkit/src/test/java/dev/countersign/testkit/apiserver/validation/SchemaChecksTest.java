package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAPI checks, with the messages kube-openapi and apiextensions-apiserver produce. */
class SchemaChecksTest {
  private static final CrdSchemaValidator THINGS =
      CrdSchemaValidator.forVersion(
          Fixtures.crd(
              """
              type: object
              properties:
                spec:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string, minLength: 1, maxLength: 3}
                    replicas: {type: integer, minimum: 0, maximum: 10}
                    ratio: {type: number, maximum: 1}
                    step: {type: integer, minimum: 0, exclusiveMinimum: true, multipleOf: 5}
                    color: {type: string, enum: [red, green]}
                    action: {type: string, pattern: "scale|restart"}
                    tags: {type: array, maxItems: 2, minItems: 1, items: {type: string}}
                    labels: {type: object, minProperties: 1, maxProperties: 2, additionalProperties: {type: string}}
                    port: {x-kubernetes-int-or-string: true}
                    at: {type: string, format: date-time}
                    id: {type: string, format: uuid}
                    note: {type: string, format: email-address-not-a-k8s-format}
                    nullableNote: {type: string, nullable: true}
                    words: {type: array, items: {type: string}}
              """),
          "v1");

  private static List<String> errors(String spec) {
    return THINGS.validateCreate(Fixtures.thing("spec: " + spec)).errors().stream()
        .map(FieldError::toString)
        .toList();
  }

  @Test
  void reportsAMissingRequiredFieldAsRequiredValue() {
    assertThat(errors("{}")).containsExactly("spec.name: Required value");
  }

  @Test
  void rejectsNegativeReplicasWithTheApiServersMessage() {
    assertThat(errors("{name: a, replicas: -1}"))
        .containsExactly(
            "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or"
                + " equal to 0");
  }

  @Test
  void printsFloatValuesAndBoundsAsGoDoes() {
    assertThat(errors("{name: a, ratio: 1.5}"))
        .containsExactly(
            "spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than or equal to 1");
  }

  @Test
  void checksExclusiveMinimumAndMultipleOf() {
    assertThat(errors("{name: a, step: 0}"))
        .containsExactly("spec.step: Invalid value: 0: spec.step in body should be greater than 0");
    assertThat(errors("{name: a, step: 7}"))
        .containsExactly(
            "spec.step: Invalid value: 7: spec.step in body should be a multiple of 5");
  }

  @Test
  void reportsAWrongTypeAsTypeInvalidNamingTheJsonType() {
    ValidationResult result =
        THINGS.validateCreate(Fixtures.thing("spec: {name: a, replicas: ten}"));

    assertThat(result.errors()).hasSize(1);
    FieldError error = result.errors().get(0);
    assertThat(error.type().reason()).isEqualTo("FieldValueTypeInvalid");
    assertThat(error.toString())
        .isEqualTo(
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\"");
  }

  @Test
  void countsStringLengthInCodePointsAndReportsTooLongInTheApiServersWords() {
    assertThat(errors("{name: äöü}")).isEmpty();
    assertThat(errors("{name: abcd}"))
        .containsExactly("spec.name: Too long: may not be more than 3 bytes");
    assertThat(errors("{name: ''}"))
        .containsExactly(
            "spec.name: Invalid value: \"\": spec.name in body should be at least 1 chars long");
  }

  @Test
  void reportsAValueOutsideTheEnumWithTheSupportedValues() {
    assertThat(errors("{name: a, color: pink}"))
        .containsExactly(
            "spec.color: Unsupported value: \"pink\": supported values: \"red\", \"green\"");
  }

  @Test
  void matchesPatternsAnywhereInTheString() {
    assertThat(errors("{name: a, action: autoscale}")).isEmpty();
    assertThat(errors("{name: a, action: stop}"))
        .containsExactly(
            "spec.action: Invalid value: \"stop\": spec.action in body should match"
                + " 'scale|restart'");
  }

  @Test
  void reportsTooManyAndTooFewItems() {
    assertThat(errors("{name: a, tags: [a, b, c]}"))
        .containsExactly("spec.tags: Too many: 3: must have at most 2 items");
    assertThat(errors("{name: a, tags: []}"))
        .containsExactly(
            "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items");
  }

  @Test
  void reportsTooManyAndTooFewProperties() {
    assertThat(errors("{name: a, labels: {a: x, b: y, c: z}}"))
        .containsExactly("spec.labels: Too many: 3: must have at most 2 items");
    assertThat(errors("{name: a, labels: {}}"))
        .containsExactly(
            "spec.labels: Invalid value: 0: spec.labels in body should have at least 1"
                + " properties");
  }

  @Test
  void namesMapEntriesWithDotsAsKubeOpenApiDoes() {
    assertThat(errors("{name: a, labels: {a: 1}}"))
        .containsExactly(
            "spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type"
                + " string: \"integer\"");
  }

  @Test
  void intOrStringTakesEitherButNothingElse() {
    assertThat(errors("{name: a, port: 80}")).isEmpty();
    assertThat(errors("{name: a, port: http}")).isEmpty();
    assertThat(errors("{name: a, port: true}"))
        .containsExactly(
            "spec.port: Invalid value: \"boolean\": spec.port in body must be of type"
                + " integer,string: \"boolean\"");
  }

  @Test
  void checksTheFormatsTheApiServerChecksAndIgnoresOthers() {
    assertThat(errors("{name: a, at: '2026-07-01T10:00:00Z', note: anything}")).isEmpty();
    ValidationResult result =
        THINGS.validateCreate(Fixtures.thing("spec: {name: a, at: yesterday}"));
    assertThat(result.errors().get(0).type()).isEqualTo(ErrorType.TYPE_INVALID);
    assertThat(result.errors().get(0).toString())
        .isEqualTo(
            "spec.at: Invalid value: \"yesterday\": spec.at in body must be of type date-time:"
                + " \"yesterday\"");
    assertThat(errors("{name: a, id: not-a-uuid}"))
        .containsExactly(
            "spec.id: Invalid value: \"not-a-uuid\": spec.id in body must be of type uuid:"
                + " \"not-a-uuid\"");
  }

  @Test
  void nullIsOnlyAllowedWhereNullable() {
    assertThat(errors("{name: a, nullableNote: null}")).isEmpty();
    assertThat(errors("{name: a, words: [x, null]}"))
        .containsExactly(
            "spec.words[1]: Invalid value: \"null\": spec.words[1] in body must be of type string:"
                + " \"null\"");
  }

  @Test
  void aNonNullableNullFieldIsDroppedBeforeValidation() {
    ValidationResult result = THINGS.validateCreate(Fixtures.thing("spec: {name: a, color: null}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.object().path("spec").has("color")).isFalse();
  }

  @Test
  void anIntegralFloatIsAnInteger() {
    assertThat(errors("{name: a, replicas: 2.0}")).isEmpty();
  }

  @Test
  void aFractionalIntegerGetsTheApiServersTwoErrors() {
    assertThat(errors("{name: a, replicas: 1.5}"))
        .containsExactly(
            "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type"
                + " integer: \"number\"",
            "<nil>: Invalid value: \"\": Checked value must be of type integer (default format) in"
                + " spec.replicas");
  }

  @Test
  void rejectsAnotherKindOrApiVersion() {
    ValidationResult result =
        THINGS.validateCreate(
            Fixtures.yaml("apiVersion: example.com/v2\nkind: Other\nmetadata: {name: x}"));

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "kind: Invalid value: \"Other\": must be Thing",
            "apiVersion: Invalid value: \"example.com/v2\": must be example.com/v1");
  }
}
