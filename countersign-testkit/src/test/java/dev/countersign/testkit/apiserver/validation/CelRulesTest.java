package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code x-kubernetes-validations}: evaluation, messages, reasons and field paths. */
class CelRulesTest {
  private static final CrdSchemaValidator THINGS =
      CrdSchemaValidator.forVersion(
          Fixtures.crd(
              """
              type: object
              x-kubernetes-validations:
              - {rule: "self.metadata.name.startsWith('x')", message: "names start with x"}
              properties:
                spec:
                  type: object
                  x-kubernetes-validations:
                  - rule: "!has(self.min) || !has(self.max) || self.min <= self.max"
                  - rule: "self.mode != 'Deny' || !has(self.approvers)"
                    messageExpression: "'mode ' + self.mode + ' takes no approvers'"
                  - {rule: "!has(self.approvers) || size(self.approvers) > 0", reason: FieldValueForbidden, fieldPath: .approvers, message: "approvers must not be empty"}
                  - {rule: "self.mode != 'Required' || has(self.approvers)", reason: FieldValueRequired, fieldPath: "['approvers']", message: "name approvers"}
                  - {rule: "self.ratio < 0.5", message: "ratio below 0.5"}
                  - {rule: "self.lookup['k'] == 'v'", message: "lookup k is v"}
                  properties:
                    min: {type: integer}
                    max: {type: integer}
                    ratio: {type: number}
                    mode: {type: string, enum: [Allow, Deny, Required]}
                    approvers: {type: array, items: {type: string}}
                    lookup: {type: object, additionalProperties: {type: string}}
                    x-name: {type: string, x-kubernetes-validations: [{rule: "self != 'bad'", message: "must not be bad"}]}
                    kinds: {type: array, items: {type: string, x-kubernetes-validations: [{rule: "self in ['A', 'B']"}]}}
              """),
          "v1");

  private static List<String> errors(String spec) {
    return THINGS.validateCreate(Fixtures.thing("spec: " + spec)).errors().stream()
        .map(FieldError::toString)
        .toList();
  }

  private static final String OK = "{ratio: 1, mode: Allow, lookup: {k: v}";

  @Test
  void aRuleWithoutMessageFailsWithTheRuleAndTheObjectsType() {
    assertThat(errors(OK + ", ratio: 0.1, min: 2, max: 1}"))
        .containsExactly(
            "spec: Invalid value: \"object\": failed rule: !has(self.min) || !has(self.max) || self.min <="
                + " self.max");
  }

  @Test
  void integersOfNumberFieldsAreDoublesInCel() {
    assertThat(errors("{ratio: 1, mode: Allow, lookup: {k: v}}"))
        .containsExactly("spec: Invalid value: \"object\": ratio below 0.5");
  }

  @Test
  void messageExpressionWordsTheError() {
    assertThat(errors("{ratio: 0, mode: Deny, lookup: {k: v}, approvers: [a]}"))
        .containsExactly("spec: Invalid value: \"object\": mode Deny takes no approvers");
  }

  @Test
  void reasonAndFieldPathChooseTheErrorTypeAndWhere() {
    ValidationResult forbidden =
        THINGS.validateCreate(
            Fixtures.thing("spec: {ratio: 0, mode: Allow, lookup: {k: v}, approvers: []}"));
    assertThat(forbidden.errors())
        .extracting(FieldError::toString)
        .containsExactly("spec.approvers: Forbidden: approvers must not be empty");
    assertThat(forbidden.errors().get(0).type().reason()).isEqualTo("FieldValueForbidden");
    assertThat(errors("{ratio: 0, mode: Required, lookup: {k: v}}"))
        .containsExactly("spec.approvers: Required value: name approvers");
  }

  @Test
  void aScalarNodesFailurePrintsItsTypeAsKubernetes132Does() {
    assertThat(errors("{ratio: 0, mode: Allow, lookup: {k: v}, x-name: bad}"))
        .containsExactly("spec.x-name: Invalid value: \"string\": must not be bad");
  }

  @Test
  void rulesRunOnEveryListItemAtItsIndex() {
    assertThat(errors("{ratio: 0, mode: Allow, lookup: {k: v}, kinds: [A, C, B, D]}"))
        .containsExactly(
            "spec.kinds[1]: Invalid value: \"string\": failed rule: self in ['A', 'B']",
            "spec.kinds[3]: Invalid value: \"string\": failed rule: self in ['A', 'B']");
  }

  @Test
  void anEvaluationErrorNamesTheMissingKeyAndTheRule() {
    assertThat(errors("{ratio: 0, mode: Allow, lookup: {}}"))
        .containsExactly(
            "spec: Invalid value: \"object\": no such key: k evaluating rule: lookup k is v");
  }

  @Test
  void rootRulesSeeTheNameAndReportAtNil() {
    ValidationResult result =
        THINGS.validateCreate(
            Fixtures.yaml("apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: y}"));

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly("<nil>: Invalid value: \"object\": names start with x");
    assertThat(result.statusJson()).contains("\"field\":\"\\u003cnil\\u003e\"");
  }

  @Test
  void schemaErrorsThatBlockRulesReplaceThemWithTheNotCheckedError() {
    assertThat(errors("{ratio: 0, mode: Wrong, lookup: {k: v}, min: 2, max: 1}"))
        .containsExactly(
            "spec.mode: Unsupported value: \"Wrong\": supported values: \"Allow\", \"Deny\","
                + " \"Required\"",
            "<nil>: Invalid value: null: some validation rules were not checked because the object"
                + " was invalid; correct the existing errors to complete validation");
  }

  @Test
  void aRuleCallingAFunctionKubernetesLacksHereFailsAtConstruction() {
    assertThatThrownBy(() -> validatorWithRule("{type: string}", "isQuantity(self)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("properties[s].x-kubernetes-validations[0].rule: compilation failed")
        .hasMessageContaining("undeclared reference to 'isQuantity'");
  }

  @Test
  void aRuleOnAFieldTheSchemaLacksFailsAtConstruction() {
    assertThatThrownBy(
            () ->
                validatorWithRule(
                    "{type: object, properties: {a: {type: string}}}", "self.b == 'x'"))
        .hasMessageContaining("undefined field 'b'");
  }

  @Test
  void aRuleThatIsNotABoolFailsAtConstruction() {
    assertThatThrownBy(() -> validatorWithRule("{type: string}", "self + 'x'"))
        .hasMessageContaining("cel expression must evaluate to a bool");
  }

  @Test
  void kubernetesListAndRegexFunctionsWork() {
    CrdSchemaValidator v =
        validatorWithRule(
            "{type: array, items: {type: string}}",
            "self.isSorted() && self.indexOf('b') == 1 && self.max() == 'c'"
                + " && 'x12y'.find('[0-9]+') == '12' && sets.contains(self, ['a'])");

    assertThat(v.validateCreate(Fixtures.thing("s: [a, b, c]")).errors()).isEmpty();
    assertThat(v.validateCreate(Fixtures.thing("s: [b, a, c]")).errors()).hasSize(1);
  }

  @Test
  void dashedPropertiesAreEscapedInCel() {
    CrdSchemaValidator v =
        validatorWithRule(
            "{type: object, properties: {x-y: {type: string}, namespace: {type: string}}}",
            "self.x__dash__y == self.__namespace__");

    assertThat(v.validateCreate(Fixtures.thing("s: {x-y: a, namespace: a}")).errors()).isEmpty();
    assertThat(v.validateCreate(Fixtures.thing("s: {x-y: a, namespace: b}")).errors()).hasSize(1);
  }

  static CrdSchemaValidator validatorWithRule(String schema, String rule) {
    String withRule =
        schema.substring(0, schema.length() - 1)
            + ", x-kubernetes-validations: [{rule: "
            + Fixtures.YAML_QUOTE.apply(rule)
            + "}]}";
    return CrdSchemaValidator.forVersion(
        Fixtures.crd("{type: object, properties: {s: " + withRule + "}}"), "v1");
  }
}
