package dev.countersign.testkit.apiserver.admission;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntime.Program;
import dev.cel.runtime.CelRuntimeFactory;
import dev.countersign.testkit.apiserver.validation.CelErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1), compiled with Google's CEL
 * engine and evaluated as the API server does: the policy applies when its match constraints and
 * match conditions hold; variables are computed in order; the first validation that is not {@code
 * true} denies with its message (or messageExpression) and reason. An expression that fails to
 * evaluate denies too when {@code failurePolicy} is Fail (the default), as the API server does.
 */
public final class ValidatingPolicy {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("oldObject", SimpleType.DYN)
          .addVar("request", SimpleType.DYN)
          .addVar("params", SimpleType.DYN)
          .addVar("namespaceObject", SimpleType.DYN)
          .addVar("variables", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private record Expression(String source, Program program) {}

  private record Validation(
      Expression rule, String message, Expression messageRule, String reason) {}

  private final String name;
  private final boolean failOpen;
  private final ResourceMatch match;
  private final List<Expression> conditions = new ArrayList<>();
  private final Map<String, Expression> variables = new LinkedHashMap<>();
  private final List<Validation> validations = new ArrayList<>();

  /**
   * Compiles a policy object.
   *
   * @throws IllegalArgumentException when an expression does not compile (the API server refuses
   *     such a policy) or the policy uses what this server does not evaluate (params, selectors)
   */
  @SuppressWarnings("unchecked")
  public ValidatingPolicy(Map<String, Object> policy) {
    Map<String, Object> metadata = (Map<String, Object>) policy.getOrDefault("metadata", Map.of());
    Map<String, Object> spec = (Map<String, Object>) policy.getOrDefault("spec", Map.of());
    this.name = String.valueOf(metadata.get("name"));
    this.failOpen = "Ignore".equals(spec.get("failurePolicy"));
    if (spec.get("paramKind") != null) {
      throw new IllegalArgumentException(name + ": paramKind is not supported by the test server");
    }
    this.match = ResourceMatch.of((Map<String, Object>) spec.get("matchConstraints"), name);
    for (Map<String, Object> c : list(spec, "matchConditions")) {
      conditions.add(compile((String) c.get("expression")));
    }
    for (Map<String, Object> v : list(spec, "variables")) {
      variables.put((String) v.get("name"), compile((String) v.get("expression")));
    }
    for (Map<String, Object> v : list(spec, "validations")) {
      String messageExpression = (String) v.get("messageExpression");
      validations.add(
          new Validation(
              compile((String) v.get("expression")),
              (String) v.get("message"),
              messageExpression == null ? null : compile(messageExpression),
              (String) v.get("reason")));
    }
  }

  public String name() {
    return name;
  }

  /** Whether the policy governs this write at all (match constraints and conditions). */
  boolean matches(AdmissionRequest request) {
    if (!match.matches(request)) {
      return false;
    }
    Map<String, Object> input = input(request);
    for (Expression condition : conditions) {
      if (!Boolean.TRUE.equals(evaluate(condition, input))) {
        return false;
      }
    }
    return true;
  }

  /** Empty when the write is admitted; else the denial's reason and message. */
  Optional<String[]> validate(AdmissionRequest request) {
    Map<String, Object> input = input(request);
    Map<String, Object> computed = new LinkedHashMap<>();
    input.put("variables", computed);
    for (Map.Entry<String, Expression> variable : variables.entrySet()) {
      try {
        computed.put(variable.getKey(), evaluateOrThrow(variable.getValue(), input));
      } catch (CelEvaluationException e) {
        return failed(variable.getValue(), e);
      }
    }
    for (Validation validation : validations) {
      Object result;
      try {
        result = evaluateOrThrow(validation.rule(), input);
      } catch (CelEvaluationException e) {
        return failed(validation.rule(), e);
      }
      if (!Boolean.TRUE.equals(result)) {
        return Optional.of(new String[] {validation.reason(), message(validation, input)});
      }
    }
    return Optional.empty();
  }

  /**
   * An expression that could not be evaluated: a denial (reason Invalid) unless the policy fails
   * open, worded as the API server's CEL filter words it.
   */
  private Optional<String[]> failed(Expression expression, CelEvaluationException e) {
    return failOpen
        ? Optional.empty()
        : Optional.of(
            new String[] {
              "Invalid",
              "expression '" + expression.source() + "' resulted in error: " + CelErrors.goText(e)
            });
  }

  private String message(Validation validation, Map<String, Object> input) {
    if (validation.messageRule() != null) {
      Object text = evaluate(validation.messageRule(), input);
      if (text instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    if (validation.message() != null) {
      return validation.message();
    }
    return "failed expression: " + validation.rule().source();
  }

  private static Map<String, Object> input(AdmissionRequest request) {
    Map<String, Object> input = new HashMap<>();
    input.put("object", request.object());
    input.put("oldObject", request.oldObject());
    input.put("request", request.asCelRequest());
    input.put("params", null);
    input.put("namespaceObject", null);
    input.put("variables", Map.of());
    return input;
  }

  private static Object evaluate(Expression expression, Map<String, Object> input) {
    try {
      return evaluateOrThrow(expression, input);
    } catch (CelEvaluationException e) {
      return null;
    }
  }

  private static Object evaluateOrThrow(Expression expression, Map<String, Object> input)
      throws CelEvaluationException {
    return expression.program().eval(input);
  }

  private Expression compile(String source) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(source).getAst();
      return new Expression(source, RUNTIME.createProgram(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(
          name + ": expression does not compile: " + source + ": " + e.getMessage(), e);
    }
  }

  /** Every expression of the policy, as written. */
  public List<String> expressions() {
    List<String> all = new ArrayList<>();
    conditions.forEach(c -> all.add(c.source()));
    variables.values().forEach(v -> all.add(v.source()));
    for (Validation v : validations) {
      all.add(v.rule().source());
      if (v.messageRule() != null) {
        all.add(v.messageRule().source());
      }
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> spec, String key) {
    Object value = spec.get(key);
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
