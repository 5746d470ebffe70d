package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expected costs of apiextensions-apiserver's {@code TestCostEstimation}
 * (pkg/apiserver/schema/cel/compilation_test.go): each rule's MaxCost with no size limits in the
 * schema ("calc") and with the limit given ("set"). The table's "has" cases expect 0, which its
 * checker treats as "not checked", so they are left out.
 */
class CostGroundTruthTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void estimatesTheCostsKubernetesExpects(
      String name, Function<Long, String> schema, long calc, long setTo, long set) {
    assertThat(maxCost(schema.apply(null))).as("without limits").isEqualTo(calc);
    assertThat(maxCost(schema.apply(setTo))).as("with limits of " + setTo).isEqualTo(set);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quadraticCases")
  void estimatesNestedLoopsAsKubernetesDoes(
      String name, Function<Long, String> schema, long setTo, long set) {
    assertThat(maxCost(schema.apply(null))).isGreaterThan(RuleCost.PER_CALL_LIMIT);
    assertThat(maxCost(schema.apply(setTo))).isEqualTo(set);
  }

  static long maxCost(String schemaYaml) {
    CostReport report = CelCostEstimator.estimate(Fixtures.crd(schemaYaml), "v1");
    assertThat(report.rules()).hasSize(1);
    return report.rules().get(0).maxCost();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("number array with all", array("{type: number}", "self.all(x, true)"), 4718591, 10, 32),
        c("string array with all", array("{type: string}", "self.all(x, true)"), 3145727, 20, 62),
        c("boolean array with all", array("{type: boolean}", "self.all(x, true)"), 1887437, 5, 17),
        c(
            "array of number arrays with all",
            array("{type: array, items: {type: number}}", "self.all(x, true)"),
            3145727,
            100,
            302),
        c("array of objects with all", array(OBJECT, "self.all(x, true)"), 555128, 50, 152),
        c("map of numbers with all", map("{type: number}", "self.all(x, true)"), 1348169, 10, 32),
        c("map of strings with all", map("{type: string}", "self.all(x, true)"), 1179647, 3, 11),
        c(
            "map of booleans with all",
            map("{type: boolean}", "self.all(x, true)"),
            943718,
            100,
            302),
        c("string with contains", string("self.contains('test')"), 314574, 10, 5),
        c("string with startsWith", string("self.startsWith('test')"), 2, 15, 2),
        c("string with endsWith", string("self.endsWith('test')"), 2, 30, 2),
        c("concat string", string("size(self + \"hello\") > size(\"hello\")"), 314578, 4, 7),
        c("index of array with numbers", array("{type: number}", "self[1] == 0.0"), 2, 5000, 2),
        c(
            "index of array with strings",
            array("{type: string}", "self[1] == self[1]"),
            314577,
            8,
            314577),
        c("regex matches simple", string("self.matches(\"x\")"), 314574, 50, 22),
        c(
            "regex matches empty string",
            string("\"\".matches(\"(((((((((())))))))))[0-9]\")"),
            7,
            10,
            7),
        c("regex matches empty regex", string("self.matches(\"\")"), 1, 100, 1),
        c(
            "map of strings with value length",
            max -> nestedStrings(max, "self.all(x, x.contains(self[x]))"),
            2752507,
            10,
            72),
        c("set array maxLength to zero", array("{type: number}", "self[3] == 0.0"), 2, 0, 2),
        c("set map maxLength to zero", map("{type: number}", "self[\"x\"] == 0.0"), 2, 0, 2),
        c("set string maxLength to zero", string("self == \"x\""), 2, 0, 1),
        c(
            "set maxLength greater than estimated maxLength",
            array("{type: number}", "self.all(x, x == 0.0)"),
            6291454,
            3 * 1024 * 2048,
            25165826),
        c(
            "int-or-string array with all",
            array("{x-kubernetes-int-or-string: true}", "self.all(x, true)"),
            4718591,
            10,
            32),
        c(
            "index of array with int-or-strings",
            array("{x-kubernetes-int-or-string: true}", "self[0] == 5"),
            3,
            10,
            3),
        c("index of array with booleans", array("{type: boolean}", "self[0] == false"), 2, 25, 2),
        c("index of array of objects", array(OBJECT, "self[0] == null"), 2, 422, 2),
        c(
            "index of array of array of numbers",
            array("{type: array, items: {type: number}}", "self[0][0] == -1.0"),
            3,
            51,
            3),
        c(
            "array of number maps with all",
            array(NUMBER_MAP, "self.all(x, x.y == 25.2)"),
            6291452,
            12,
            74),
        c("index of array of number maps", array(NUMBER_MAP, "self[0].x > 2.0"), 4, 3000, 4),
        c("duration array with all", array(DURATION, "self.all(x, true)"), 2359295, 5, 17),
        c("index of duration array", array(DURATION, "self[0].getHours() == 2"), 4, 525, 4),
        c("date array with all", array(DATE, "self.all(x, true)"), 725936, 15, 47),
        c("index of date array", array(DATE, "self[2].getDayOfMonth() == 13"), 4, 42, 4),
        c("date-time array with all", array(DATE_TIME, "self.all(x, true)"), 428963, 25, 77),
        c("index of date-time array", array(DATE_TIME, "self[2].getMinutes() == 45"), 4, 99, 4),
        c(
            "map of int-or-strings with all",
            map("{x-kubernetes-int-or-string: true}", "self.all(x, true)"),
            1348169,
            15,
            47),
        c("map of objects with all", map(OBJECT, "self.all(x, true)"), 428963, 20, 62),
        c("map of number maps with all", map(NUMBER_MAP, "self.all(x, true)"), 1179647, 10, 32),
        c(
            "map of number arrays with all",
            map("{type: array, items: {type: number}}", "self.all(x, true)"),
            1179647,
            25,
            77),
        c("map of durations with all", map(DURATION, "self.all(x, true)"), 1048577, 5, 17),
        c("map of dates with all", map(DATE, "self.all(x, true)"), 524288, 10, 32),
        c("map of date-times with all", map(DATE_TIME, "self.all(x, true)"), 349526, 25, 77),
        c("extended library regex find", string("self.find('[0-9]+') == ''"), 629147, 10, 11),
        c(
            "extended library join",
            boundedStrings("self.join(' ') == 'aa bb'"),
            329853068905L,
            10,
            43),
        c(
            "extended library isSorted",
            boundedStrings("self.isSorted() == true"),
            329854432052L,
            10,
            52),
        c("extended library replace", CostGroundTruthTest::replace, 629154, 4, 12),
        c("extended library split", CostGroundTruthTest::split, 629160, 10, 22),
        c("extended library lowerAscii", lowerAscii(), 314575, 10, 6),
        c(
            "check cost of size call",
            map("{type: integer}", "oldSelf.size() == self.size()"),
            5,
            10,
            5),
        c(
            "check cost of timestamp comparison",
            map(DATE_TIME, "self[\"a\"] == self[\"b\"]"),
            8,
            7,
            8),
        c(
            "check cost of duration comparison",
            map(DURATION, "self[\"c\"] == self[\"d\"]"),
            8,
            42,
            8),
        c(
            "enums with maxLength equals to the longest possible value",
            max ->
                "{type: string, enum: [A, B, C, LongValue]"
                    + limit("maxLength", max)
                    + ", x-kubernetes-validations: [{rule: \"self.contains('A')\"}]}",
            2,
            1000,
            401));
  }

  static Stream<Arguments> quadraticCases() {
    return Stream.of(
        Arguments.of(
            "O(n^2) loop with numbers",
            array("{type: number}", "self.all(x, self.all(y, true))"),
            10L,
            352L),
        Arguments.of(
            "O(n^3) loop with numbers",
            array("{type: number}", "self.all(x, self.all(y, self.all(z, true)))"),
            10L,
            3552L));
  }

  private static final String OBJECT =
      "{type: object, required: [required], properties: {required: {type: string}, optional:"
          + " {type: string}}}";
  private static final String NUMBER_MAP = "{type: object, additionalProperties: {type: number}}";
  private static final String DURATION = "{type: string, format: duration}";
  private static final String DATE = "{type: string, format: date}";
  private static final String DATE_TIME = "{type: string, format: date-time}";

  private static Arguments c(
      String name, Function<Long, String> schema, long calc, long setTo, long set) {
    return Arguments.of(name, schema, calc, setTo, set);
  }

  private static String limit(String keyword, Long max) {
    return max == null ? "" : ", " + keyword + ": " + max;
  }

  private static String rule(String rule) {
    return ", x-kubernetes-validations: [{rule: " + Fixtures.YAML_QUOTE.apply(rule) + "}]";
  }

  private static Function<Long, String> array(String items, String rule) {
    return max -> "{type: array, items: " + items + limit("maxItems", max) + rule(rule) + "}";
  }

  private static Function<Long, String> map(String values, String rule) {
    return max ->
        "{type: object, additionalProperties: "
            + values
            + limit("maxProperties", max)
            + rule(rule)
            + "}";
  }

  private static Function<Long, String> string(String rule) {
    return max -> "{type: string" + limit("maxLength", max) + rule(rule) + "}";
  }

  private static String nestedStrings(Long max, String rule) {
    return "{type: object, additionalProperties: {type: string"
        + limit("maxLength", max)
        + "}"
        + limit("maxProperties", max)
        + rule(rule)
        + "}";
  }

  private static Function<Long, String> boundedStrings(String rule) {
    return max ->
        "{type: array, x-kubernetes-list-type: atomic, items: {type: string"
            + limit("maxLength", max)
            + "}"
            + limit("maxItems", max)
            + rule(rule)
            + "}";
  }

  private static String replace(Long max) {
    return "{type: object, properties: {str: {type: string"
        + limit("maxLength", max)
        + "}, before: {type: string, maxLength: 2}, after: {type: string, maxLength: 4}}"
        + rule("self.str.replace(self.before, self.after) == 'does not matter'")
        + "}";
  }

  private static String split(Long max) {
    String str = "{type: string" + limit("maxLength", max) + "}";
    return "{type: object, properties: {str: "
        + str
        + ", separator: "
        + str
        + "}"
        + rule("self.str.split(self.separator) == []")
        + "}";
  }

  private static Function<Long, String> lowerAscii() {
    return max ->
        "{type: string" + limit("maxLength", max) + rule("self.lowerAscii() == 'lower!'") + "}";
  }
}
