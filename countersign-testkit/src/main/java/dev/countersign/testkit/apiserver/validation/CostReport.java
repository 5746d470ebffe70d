package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cost estimates of all rules of one CRD version, and the errors the API server would reject
 * the CRD with because of them.
 *
 * @param version the CRD version
 * @param rules every rule and message expression, in schema order
 * @param total the sum the API server checks against {@link #STATIC_ESTIMATED_CRD_COST_LIMIT}
 */
public record CostReport(String version, List<RuleCost> rules, long total) {
  /** {@code StaticEstimatedCRDCostLimit}: the most all rules of a version may cost together. */
  public static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000L;

  private static final String SCHEMA = "openAPIV3Schema";

  public boolean exceedsTotalLimit() {
    return total > STATIC_ESTIMATED_CRD_COST_LIMIT;
  }

  /** The cost of the rule with this expression; throws if there is none or several. */
  public RuleCost rule(String expression) {
    List<RuleCost> matches = rules.stream().filter(r -> r.expression().equals(expression)).toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException(matches.size() + " rules are " + expression);
    }
    return matches.get(0);
  }

  /** Whether the API server accepts the CRD's rules as far as cost goes. */
  public boolean isAccepted() {
    return errors().isEmpty();
  }

  /** The API server's cost errors, in its order: per rule, then the total's. */
  public List<String> errors() {
    return fieldErrors().stream().map(FieldError::toString).toList();
  }

  /** The same errors as causes of the 422 the API server answers a CRD write with. */
  public List<FieldError> fieldErrors() {
    List<FieldError> errors = new ArrayList<>();
    rules.stream().filter(RuleCost::exceedsStaticLimit).forEach(r -> errors.add(r.fieldError()));
    if (exceedsTotalLimit()) {
      List<RuleCost> top =
          rules.stream()
              .filter(r -> r.cost() >= STATIC_ESTIMATED_CRD_COST_LIMIT / 100)
              .sorted(Comparator.comparingLong(RuleCost::cost).reversed())
              .limit(4)
              .toList();
      top.forEach(
          r ->
              errors.add(
                  new FieldError(
                      ErrorType.FORBIDDEN,
                      r.path(),
                      FieldError.OMIT,
                      "contributed to estimated rule cost total exceeding cost limit"
                          + " for entire OpenAPIv3 schema")));
      String schemaPath = rules.get(0).path();
      schemaPath = schemaPath.substring(0, schemaPath.indexOf(SCHEMA) + SCHEMA.length());
      errors.add(
          new FieldError(
              ErrorType.FORBIDDEN,
              schemaPath,
              FieldError.OMIT,
              RuleCost.costErrorMessage(
                  "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema",
                  total,
                  STATIC_ESTIMATED_CRD_COST_LIMIT)));
    }
    return errors;
  }
}
