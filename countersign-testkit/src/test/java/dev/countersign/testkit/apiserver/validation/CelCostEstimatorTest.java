package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CelCostEstimatorTest {
  private static final String ROOT = "spec.validation.openAPIV3Schema";

  @Test
  void unboundedKindsRuleExceedsTheBudgetBy1_7x() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  kinds: {type: array, items: {type: string}}
                x-kubernetes-validations:
                - rule: "self.kinds.all(k, k in ['Deployment', 'StatefulSet'])"
                """),
            "v1");

    RuleCost rule = report.rule("self.kinds.all(k, k in ['Deployment', 'StatefulSet'])");
    // 1048575 items (3 MiB / 3 bytes per "" and comma) x 16 per item, + 3
    assertThat(rule.cost()).isEqualTo(16_777_203L);
    assertThat(rule.budgetFactor()).isCloseTo(1.7, org.assertj.core.data.Offset.offset(0.05));
    assertThat(report.errors())
        .containsExactly(
            ROOT
                + ".x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget"
                + " by factor of 1.7x (try simplifying the rule, or adding maxItems, maxProperties,"
                + " and maxLength where arrays, maps, and strings are declared)");
  }

  @Test
  void boundingTheListAndItsStringsBringsTheKindsRuleWellUnderTheBudget() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  kinds: {type: array, maxItems: 2, items: {type: string, maxLength: 11}}
                x-kubernetes-validations:
                - rule: "self.kinds.all(k, k in ['Deployment', 'StatefulSet'])"
                """),
            "v1");

    assertThat(report.rules().get(0).cost()).isEqualTo(35);
    assertThat(report.isAccepted()).isTrue();
  }

  @Test
  void aRuleUnderABoundedListIsMultipliedByItsMaxItems() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  items:
                    type: array
                    maxItems: 5
                    items:
                      type: object
                      additionalProperties:
                        type: array
                        maxItems: 5
                        items: {type: string, maxLength: 8, x-kubernetes-validations: [{rule: "self.startsWith('a')"}]}
                      maxProperties: 4
                """),
            "v1");

    RuleCost rule = report.rules().get(0);
    assertThat(rule.cardinality()).isEqualTo(5 * 4 * 5);
    assertThat(rule.cost()).isEqualTo(rule.maxCost() * 100);
  }

  @Test
  void aRuleUnderAnUnboundedListIsMultipliedByHowManyOfItsNodesFitInARequest() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  names:
                    type: array
                    maxItems: 5
                    items:
                      type: array
                      items: {type: string, maxLength: 8, x-kubernetes-validations: [{rule: "self.startsWith('a')"}]}
                """),
            "v1");

    // maxCardinality(minSerializedSize of a string = 2) = 3 MiB / 3
    assertThat(report.rules().get(0).cardinality()).isEqualTo(3L * 1024 * 1024 / 3);
  }

  @Test
  void cardinalityThatOverflowsSaturates() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  a:
                    type: array
                    maxItems: 9223372036854775807
                    items:
                      type: array
                      maxItems: 100
                      items: {type: string, maxLength: 8, x-kubernetes-validations: [{rule: "self.startsWith('a')"}]}
                """),
            "v1");

    assertThat(report.rules().get(0).cardinality()).isEqualTo(Long.MAX_VALUE);
    assertThat(report.rules().get(0).cost()).isEqualTo(Long.MAX_VALUE);
    assertThat(report.errors().get(0)).contains("by factor of more than 100x");
  }

  /**
   * apiextensions validation_test.go: "forbid validation rules where cost total exceeds total
   * limit".
   */
  @Test
  void rulesThatTogetherExceedTheCrdLimitAreEachNamedAndTheTotalIsForbidden() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  list:
                    type: array
                    maxItems: 100000
                    items: {type: string, maxLength: 5000, x-kubernetes-validations: [{rule: "self.contains('keyword')"}]}
                  map:
                    type: object
                    maxProperties: 1000
                    additionalProperties: {type: string, maxLength: 5000, x-kubernetes-validations: [{rule: "self.contains('keyword')"}]}
                  field: {type: integer, x-kubernetes-validations: [{rule: "self > 50 && self < 100"}]}
                """),
            "v1");

    String list = ROOT + ".properties[list].items.x-kubernetes-validations[0].rule";
    String map = ROOT + ".properties[map].additionalProperties.x-kubernetes-validations[0].rule";
    assertThat(report.exceedsTotalLimit()).isTrue();
    assertThat(report.errors())
        .extracting(e -> e.substring(0, e.indexOf(": Forbidden")))
        .containsExactly(list, list, map, ROOT);
  }

  /** validation_test.go: "forbid double-nested rule with one limit set" and its bounded twin. */
  @Test
  void aDoubleNestedLoopNeedsEveryLimit() {
    String schema =
        """
        type: object
        properties:
          value:
            type: array
            %s
            items:
              type: object
              %s
              additionalProperties:
                type: object
                required: [key]
                properties:
                  key: {type: string, maxLength: 10}
            x-kubernetes-validations:
            - rule: "self.all(x, x.all(y, x[y].key == x[y].key))"
        """;
    CostReport unbounded = CelCostEstimator.estimate(Fixtures.crd(schema.formatted("", "")), "v1");
    CostReport bounded =
        CelCostEstimator.estimate(
            Fixtures.crd(schema.formatted("maxItems: 10", "maxProperties: 10")), "v1");

    assertThat(unbounded.errors()).hasSize(3);
    assertThat(bounded.isAccepted()).isTrue();
  }

  @Test
  void messageExpressionsAreCostedWithoutCardinality() {
    CostReport report =
        CelCostEstimator.estimate(
            Fixtures.crd(
                """
                type: object
                properties:
                  v:
                    type: array
                    maxItems: 10
                    items:
                      type: string
                      maxLength: 10
                      x-kubernetes-validations:
                      - {rule: "self != 'x'", messageExpression: "'bad: ' + self"}
                """),
            "v1");

    RuleCost message = report.rules().get(1);
    assertThat(message.path()).endsWith(".x-kubernetes-validations[0].messageExpression");
    assertThat(message.cost()).isEqualTo(message.maxCost());
  }

  @Test
  void aFunctionOutsideTheRuleEnvironmentFailsLoudly() {
    assertThatThrownBy(
            () ->
                CelCostEstimator.estimate(
                    Fixtures.crd(
                        """
                        type: object
                        properties:
                          q: {x-kubernetes-int-or-string: true, x-kubernetes-validations: [{rule: "isQuantity(self)"}]}
                        """),
                    "v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("undeclared reference to 'isQuantity'");
  }
}
