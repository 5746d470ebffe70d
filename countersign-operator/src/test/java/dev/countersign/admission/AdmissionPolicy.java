package dev.countersign.admission;

import static dev.countersign.testkit.chart.RenderedChart.at;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.countersign.testkit.chart.RenderedChart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart's ValidatingAdmissionPolicy, read from the YAML the chart renders and evaluated with
 * Google's CEL engine the way the API server does: variables first, then every validation; the
 * first that is not {@code true} denies the request with its message.
 */
final class AdmissionPolicy {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("oldObject", SimpleType.DYN)
          .addVar("request", SimpleType.DYN)
          .addVar("variables", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final Map<String, Object> policy;

  private AdmissionPolicy(Map<String, Object> policy) {
    this.policy = policy;
  }

  /** The policy exactly as the chart ships it. */
  static AdmissionPolicy fromChart() {
    return new AdmissionPolicy(
        RenderedChart.render().get("ValidatingAdmissionPolicy", "countersign-identity"));
  }

  /** Which resources and operations the policy is consulted for. */
  Object matchConstraints() {
    return at(policy, "spec", "matchConstraints");
  }

  /** What the API server would answer: empty when admitted, else the denial message. */
  Optional<String> admit(
      Map<String, Object> object, Map<String, Object> oldObject, Map<String, Object> request) {
    Map<String, Object> input = new HashMap<>();
    input.put("object", object);
    input.put("oldObject", oldObject);
    input.put("request", request);
    Map<String, Object> variables = new LinkedHashMap<>();
    for (Map<String, Object> variable : list("variables")) {
      input.put("variables", variables);
      variables.put(
          (String) variable.get("name"), eval((String) variable.get("expression"), input));
    }
    input.put("variables", variables);
    for (Map<String, Object> validation : list("validations")) {
      Object result = eval((String) validation.get("expression"), input);
      if (!Boolean.TRUE.equals(result)) {
        return Optional.of(message(validation, input));
      }
    }
    return Optional.empty();
  }

  /** Every expression in the policy, for the test that they all compile. */
  List<String> expressions() {
    List<String> all = new ArrayList<>();
    list("variables").forEach(v -> all.add((String) v.get("expression")));
    list("validations")
        .forEach(
            v -> {
              all.add((String) v.get("expression"));
              if (v.get("messageExpression") != null) {
                all.add((String) v.get("messageExpression"));
              }
            });
    return all;
  }

  static CelAbstractSyntaxTree compile(String expression) {
    try {
      return COMPILER.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(
          "does not compile: " + expression + ": " + e.getMessage(), e);
    }
  }

  private static String message(Map<String, Object> validation, Map<String, Object> input) {
    if (validation.get("messageExpression") != null) {
      return String.valueOf(eval((String) validation.get("messageExpression"), input));
    }
    return (String) validation.get("message");
  }

  /**
   * The result. An expression that errors would also deny (failurePolicy Fail), but with the API
   * server's error instead of the policy's message; these tests expect every expression to
   * evaluate, so an error fails the test rather than passing as a denial.
   */
  private static Object eval(String expression, Map<String, Object> input) {
    try {
      return RUNTIME.createProgram(compile(expression)).eval(input);
    } catch (CelEvaluationException e) {
      throw new AssertionError("evaluation failed: " + expression + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(String key) {
    Object value = at(policy, "spec", key);
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
