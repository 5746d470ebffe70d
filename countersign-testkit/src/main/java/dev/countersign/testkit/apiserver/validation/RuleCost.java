package dev.countersign.testkit.apiserver.validation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The estimated cost of one rule (or {@code messageExpression}) as the API server computes it when
 * a CRD is created or updated.
 *
 * @param path where it is declared, as the API server names it, e.g. {@code
 *     spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule}
 * @param expression the CEL expression
 * @param maxCost the estimated worst-case cost of one evaluation
 * @param cardinality how many times it may run per object: the product of the {@code maxItems} and
 *     {@code maxProperties} of the lists and maps above it, or, when one of them is unbounded, the
 *     most instances of the node's type that fit in a 3 MiB request
 * @param cost the cost the API server checks: {@code maxCost × cardinality} for rules, {@code
 *     maxCost} for message expressions (saturating at {@link Long#MAX_VALUE})
 */
public record RuleCost(String path, String expression, long maxCost, long cardinality, long cost) {
  /** {@code StaticEstimatedCostLimit}: the most a rule may cost when the CRD is created. */
  public static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000L;

  /** {@code PerCallLimit}: the most one evaluation may cost at run time. */
  public static final long PER_CALL_LIMIT = 1_000_000L;

  /** Whether the API server rejects the CRD because of this rule alone. */
  public boolean exceedsStaticLimit() {
    return cost > STATIC_ESTIMATED_COST_LIMIT;
  }

  /**
   * Whether one evaluation may exceed the run-time per-call limit (estimate, not enforced here).
   */
  public boolean exceedsPerCallLimit() {
    return maxCost > PER_CALL_LIMIT;
  }

  /** {@code cost / STATIC_ESTIMATED_COST_LIMIT}, the factor the API server reports. */
  public double budgetFactor() {
    return (double) cost / STATIC_ESTIMATED_COST_LIMIT;
  }

  /**
   * The API server's error for this rule, e.g. {@code ...rule: Forbidden: estimated rule cost
   * exceeds budget by factor of 1.7x (...)}.
   */
  public String error() {
    return fieldError().toString();
  }

  /** The same error as a cause of the API server's 422. */
  public FieldError fieldError() {
    String name =
        path.endsWith(".messageExpression")
            ? "estimated messageExpression cost"
            : "estimated rule cost";
    return new FieldError(
        ErrorType.FORBIDDEN,
        path,
        FieldError.OMIT,
        costErrorMessage(name, cost, STATIC_ESTIMATED_COST_LIMIT));
  }

  /** {@code getCostErrorMessage}. */
  static String costErrorMessage(String costName, long cost, long limit) {
    double factor = (double) cost / (double) limit;
    String text;
    if (factor > 100.0) {
      text = "more than 100x";
    } else if (factor < 1.5) {
      text = new BigDecimal(factor).setScale(6, RoundingMode.HALF_EVEN).toPlainString() + "x";
    } else {
      text = new BigDecimal(factor).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "x";
    }
    return costName
        + " exceeds budget by factor of "
        + text
        + " (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where"
        + " arrays, maps, and strings are declared)";
  }
}
