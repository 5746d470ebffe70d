package dev.countersign.testkit.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Estimates the cost of a CRD's {@code x-kubernetes-validations} rules as kube-apiserver does when
 * the CRD is created or updated: each rule's worst-case cost from cel-go's static estimator ported
 * to cel-java ({@link CelCoster}), with sizes from the schema ({@link DeclType}), multiplied by how
 * many times the rule's node can occur (the {@code maxItems}/{@code maxProperties} of the lists and
 * maps above it, or the request-size bound when one is unbounded), checked per rule against {@link
 * RuleCost#STATIC_ESTIMATED_COST_LIMIT} and in total against {@link
 * CostReport#STATIC_ESTIMATED_CRD_COST_LIMIT}. Throws on a rule that does not compile or calls a
 * function whose cost it does not know.
 */
public final class CelCostEstimator {
  private final CelTypeRegistry types = new CelTypeRegistry();
  private final List<RuleCost> rules = new ArrayList<>();
  private long total;

  private CelCostEstimator() {}

  /** The cost report of one version of an {@code apiextensions.k8s.io/v1} CRD. */
  public static CostReport estimate(JsonNode crd, String version) {
    CrdVersion v = CrdVersion.of(crd, version);
    CelCostEstimator estimator = new CelCostEstimator();
    estimator.walk(v.schema(), v.schemaPath(), "selfType", 1L, true);
    return new CostReport(version, List.copyOf(estimator.rules), Uint64.clamp(estimator.total));
  }

  /** The cost reports of every version of a CRD. */
  public static List<CostReport> estimateAll(JsonNode crd) {
    return CrdVersion.versionNames(crd).stream().map(v -> estimate(crd, v)).toList();
  }

  /**
   * @param cardinality the node's bounded cardinality (unsigned), or {@code null} when unbounded
   */
  private void walk(Schema s, String path, String typeName, Long cardinality, boolean root) {
    if (!s.validations.isEmpty()) {
      DeclType type = DeclType.of(s, root);
      List<CompiledRule> compiled = RuleCompiler.compile(s, type, types, typeName, path);
      long unbounded = DeclType.MAX_REQUEST_SIZE_BYTES / (type.minSerializedSize + 1);
      long card = cardinality != null ? cardinality : unbounded;
      for (int i = 0; i < compiled.size(); i++) {
        CompiledRule rule = compiled.get(i);
        String at = path + ".x-kubernetes-validations[" + i + "]";
        long maxCost = CelCoster.estimate(rule.ast(), type).max();
        observe(at + ".rule", rule.rule().rule(), maxCost, card, guard(maxCost, card));
        if (rule.messageAst() != null) {
          long messageCost = CelCoster.estimate(rule.messageAst(), type).max();
          observe(
              at + ".messageExpression",
              rule.rule().messageExpression(),
              messageCost,
              1,
              messageCost);
        }
      }
    }
    Long childCardinality = null;
    Long factor = maxElements(s);
    if (cardinality != null && factor != null) {
      childCardinality = guard(cardinality, factor);
    }
    if (s.properties != null) {
      for (var e : s.properties.entrySet()) {
        String name = CelNames.escape(e.getKey());
        walk(
            e.getValue(),
            path + ".properties[" + e.getKey() + "]",
            typeName + "." + (name != null ? name : e.getKey()),
            childCardinality,
            false);
      }
    }
    if (s.additionalProperties != null) {
      walk(
          s.additionalProperties,
          path + ".additionalProperties",
          typeName + ".@values",
          childCardinality,
          false);
    }
    if (s.items != null) {
      walk(s.items, path + ".items", typeName + ".@items", childCardinality, false);
    }
  }

  /** Records a cost; the arguments are unsigned, the record's values saturate at Long.MAX_VALUE. */
  private void observe(String path, String expression, long maxCost, long cardinality, long cost) {
    rules.add(
        new RuleCost(
            path,
            expression,
            Uint64.clamp(maxCost),
            Uint64.clamp(cardinality),
            Uint64.clamp(cost)));
    total = Uint64.add(total, cost);
  }

  /** {@code extractMaxElements}: by how much a node multiplies its children; null if unbounded. */
  private static Long maxElements(Schema s) {
    if (s.type.equals("object")) {
      if (s.additionalProperties != null) {
        return s.maxProperties != null ? Math.max(0, s.maxProperties) : null;
      }
      return 1L;
    }
    if (s.type.equals("array")) {
      return s.maxItems != null ? Math.max(0, s.maxItems) : null;
    }
    return 1L;
  }

  /** {@code multiplyWithOverflowGuard}, on unsigned values. */
  private static long guard(long base, long cardinality) {
    if (base == 0) {
      return 0;
    }
    if (Long.compareUnsigned(Long.divideUnsigned(Uint64.MAX, base), cardinality) < 0) {
      return Uint64.MAX;
    }
    return base * cardinality;
  }
}
