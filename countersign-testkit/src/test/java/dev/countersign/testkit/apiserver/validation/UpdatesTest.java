package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Updates: transition rules, ratcheting, and the status subresource. */
class UpdatesTest {
  private static final CrdSchemaValidator THINGS =
      CrdSchemaValidator.forVersion(
          Fixtures.crd(
              """
              type: object
              properties:
                spec:
                  type: object
                  x-kubernetes-validations:
                  - {rule: "self.size == oldSelf.size", message: "size is immutable"}
                  - {rule: "!has(self.note) || self.note != 'bad'", message: "no bad notes"}
                  - {rule: "!has(oldSelf.note) || has(self.note)", optionalOldSelf: false, message: "note cannot be removed"}
                  properties:
                    size: {type: integer}
                    name: {type: string, pattern: "^[a-z]+$"}
                    note: {type: string}
                    counter: {type: integer}
                    ports:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [name]
                      items:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string}
                          port: {type: integer, maximum: 100}
                        x-kubernetes-validations:
                        - {rule: "self.port == oldSelf.port", message: "port is immutable"}
                status:
                  type: object
                  properties:
                    phase: {type: string, enum: [Ready, Failed]}
                    count: {type: integer, minimum: 0}
              """,
              true),
          "v1");

  private static JsonNode thing(String body) {
    return Fixtures.thing(body);
  }

  @Test
  void transitionRuleIsSkippedOnCreate() {
    assertThat(THINGS.validateCreate(thing("spec: {size: 1}")).errors()).isEmpty();
  }

  @Test
  void transitionRuleComparesWithTheOldValueOnUpdate() {
    ValidationResult result =
        THINGS.validateUpdate(thing("spec: {size: 2}"), thing("spec: {size: 1}"));

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly("spec: Invalid value: \"object\": size is immutable");
  }

  @Test
  void optionalOldSelfRunsOnCreateWithNoOldValue() {
    CrdSchemaValidator v =
        CrdSchemaValidator.forVersion(
            Fixtures.crd(
                """
                type: object
                properties:
                  spec:
                    type: object
                    properties: {size: {type: integer}}
                    x-kubernetes-validations:
                    - {rule: "oldSelf.hasValue() || self.size < 10", optionalOldSelf: true, message: "start small"}
                """),
            "v1");

    assertThat(v.validateCreate(thing("spec: {size: 20}")).errors()).hasSize(1);
    assertThat(v.validateUpdate(thing("spec: {size: 20}"), thing("spec: {size: 1}")).errors())
        .isEmpty();
  }

  @Test
  void listMapItemsAreCorrelatedByKeyForTransitionRules() {
    ValidationResult result =
        THINGS.validateUpdate(
            thing(
                "spec: {size: 1, ports: [{name: b, port: 2}, {name: a, port: 9}, {name: c, port: 3}]}"),
            thing("spec: {size: 1, ports: [{name: a, port: 1}, {name: b, port: 2}]}"));

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly("spec.ports[1]: Invalid value: \"object\": port is immutable");
  }

  @Test
  void aTransitionRuleUnderAnAtomicListIsRejectedAtConstruction() {
    assertThatThrownBy(
            () ->
                CrdSchemaValidator.forVersion(
                    Fixtures.crd(
                        """
                        type: object
                        properties:
                          l:
                            type: array
                            items: {type: string, x-kubernetes-validations: [{rule: "self == oldSelf"}]}
                        """),
                    "v1"))
        .hasMessageContaining(
            "oldSelf cannot be used on the uncorrelatable portion of the schema within"
                + " spec.validation.openAPIV3Schema.properties[l]");
  }

  @Test
  void ratchetingLetsAnUnchangedInvalidFieldThrough() {
    JsonNode old = thing("spec: {size: 1, name: Bad, note: bad, counter: 1}");
    ValidationResult result =
        THINGS.validateUpdate(thing("spec: {size: 1, name: Bad, note: bad, counter: 2}"), old);

    // spec changed, so the rule on spec fails; the unchanged name's pattern error is ratcheted.
    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly("spec: Invalid value: \"object\": no bad notes");
  }

  @Test
  void aRuleOnAnUnchangedNodeFailsAsAWarningOnly() {
    JsonNode obj = thing("spec: {size: 1, note: bad}\nstatus: {phase: Ready}");
    ValidationResult result = THINGS.validateStatusUpdate(obj, thing("spec: {size: 1, note: bad}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).containsExactly("spec: Invalid value: \"object\": no bad notes");
  }

  @Test
  void aChangedInvalidFieldIsRejected() {
    ValidationResult result =
        THINGS.validateUpdate(
            thing("spec: {size: 1, name: Worse}"), thing("spec: {size: 1, name: Bad}"));

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "spec.name: Invalid value: \"Worse\": spec.name in body should match '^[a-z]+$'");
  }

  @Test
  void statusIsDroppedOnCreateWithTheStatusSubresource() {
    ValidationResult result =
        THINGS.validateCreate(thing("spec: {size: 1}\nstatus: {phase: Nope}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.object().has("status")).isFalse();
  }

  @Test
  void anUpdateKeepsTheOldStatus() {
    ValidationResult result =
        THINGS.validateUpdate(
            thing("spec: {size: 1}\nstatus: {phase: Nope}"),
            thing("spec: {size: 1}\nstatus: {phase: Ready}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.object().path("status").path("phase").asText()).isEqualTo("Ready");
  }

  @Test
  void aStatusUpdateTakesOnlyTheStatusAndChecksItsSchemaWithRelativeNames() {
    ValidationResult result =
        THINGS.validateStatusUpdate(
            thing("spec: {size: 2}\nstatus: {phase: Ready, count: -1}"), thing("spec: {size: 1}"));

    assertThat(result.object().path("spec").path("size").asLong()).isEqualTo(1);
    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "status.count: Invalid value: -1: count in body should be greater than or equal to 0");
  }

  @Test
  void aStatusUpdateWithAnUnsupportedValueBlocksRules() {
    ValidationResult result =
        THINGS.validateStatusUpdate(thing("status: {phase: Nope}"), thing("spec: {size: 1}"));

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "status.phase: Unsupported value: \"Nope\": supported values: \"Ready\", \"Failed\"",
            "<nil>: Invalid value: null: some validation rules were not checked because the object"
                + " was invalid; correct the existing errors to complete validation");
  }
}
