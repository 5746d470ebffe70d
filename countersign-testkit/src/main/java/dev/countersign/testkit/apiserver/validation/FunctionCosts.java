package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.ast.CelExpr;
import dev.countersign.testkit.apiserver.validation.CostNodes.AstNode;
import dev.countersign.testkit.apiserver.validation.CostNodes.CallEstimate;
import dev.countersign.testkit.apiserver.validation.CostNodes.EntrySize;
import java.util.List;
import java.util.Set;

/**
 * The cost of one function overload, in the order cel-go looks for it: the overload estimators of
 * the libraries the API server loads (the sets extension), the Kubernetes library estimator ({@link
 * KubernetesCosts}), then cel-go's own table ({@code functionCost}), where everything not listed
 * costs 1 plus its arguments. Functions outside the rule environment make it throw.
 */
final class FunctionCosts {
  static final double STRING_TRAVERSAL = 0.1;
  static final double REGEX_STRING_LENGTH = 0.25;

  private static final Set<String> KNOWN =
      Set.of(
          // standard operators and functions
          "_?_:_",
          "_&&_",
          "_||_",
          "!_",
          "_==_",
          "_!=_",
          "_<_",
          "_<=_",
          "_>_",
          "_>=_",
          "_+_",
          "_-_",
          "_*_",
          "_/_",
          "_%_",
          "-_",
          "_[_]",
          "@in",
          "@not_strictly_false",
          "__not_strictly_false__",
          "size",
          "matches",
          "contains",
          "startsWith",
          "endsWith",
          "int",
          "uint",
          "double",
          "string",
          "bytes",
          "bool",
          "duration",
          "timestamp",
          "dyn",
          "type",
          "getFullYear",
          "getMonth",
          "getDayOfYear",
          "getDayOfMonth",
          "getDate",
          "getDayOfWeek",
          "getHours",
          "getMinutes",
          "getSeconds",
          "getMilliseconds",
          // optional types
          "_?._",
          "_[?_]",
          "optional.of",
          "optional.ofNonZeroValue",
          "optional.none",
          "optional.unwrap",
          "value",
          "hasValue",
          "or",
          "orValue",
          "first",
          "last",
          // strings extension
          "charAt",
          "indexOf",
          "lastIndexOf",
          "lowerAscii",
          "upperAscii",
          "replace",
          "split",
          "substring",
          "trim",
          "join",
          // sets extension
          "sets.contains",
          "sets.equivalent",
          "sets.intersects",
          // Kubernetes lists and regex libraries
          "isSorted",
          "sum",
          "min",
          "max",
          "find",
          "findAll");

  private final CostState coster;

  FunctionCosts(CostState coster) {
    this.coster = coster;
  }

  CallEstimate cost(
      CelExpr e,
      String function,
      String overload,
      AstNode target,
      List<AstNode> args,
      List<CostEstimate> argCosts) {
    if (!KNOWN.contains(function)) {
      throw new UnsupportedOperationException(
          "the cost of function " + function + " (overload " + overload + ") is not estimated");
    }
    CostEstimate argSum = CostEstimate.ZERO;
    for (CostEstimate c : argCosts) {
      argSum = argSum.add(c);
    }
    CallEstimate sets = setsCost(overload, args);
    if (sets != null) {
      return new CallEstimate(sets.cost().add(argSum), sets.resultSize());
    }
    CallEstimate k8s = KubernetesCosts.estimate(coster, function, target, args);
    if (k8s != null) {
      return new CallEstimate(k8s.cost().add(argSum), k8s.resultSize());
    }
    switch (overload) {
      case "string_to_bytes" -> {
        if (args.size() == 1) {
          SizeEstimate sz = size(args.get(0));
          return new CallEstimate(
              sz.multiplyByCostFactor(STRING_TRAVERSAL).add(argSum),
              new SizeEstimate(sz.min(), Uint64.multiply(sz.max(), 4)));
        }
      }
      case "bytes_to_string" -> {
        if (args.size() == 1) {
          SizeEstimate sz = size(args.get(0));
          return new CallEstimate(
              sz.multiplyByCostFactor(STRING_TRAVERSAL).add(argSum),
              new SizeEstimate(Long.divideUnsigned(sz.min(), 4), sz.max()));
        }
      }
      case "starts_with_string", "ends_with_string" -> {
        if (args.size() == 1) {
          return plain(size(args.get(0)).multiplyByCostFactor(STRING_TRAVERSAL).add(argSum));
        }
      }
      case "in_list" -> {
        if (args.size() == 2) {
          return plain(size(args.get(1)).multiplyByCostFactor(1).add(argSum));
        }
      }
      case "matches_string" -> {
        if (target != null && args.size() == 1) {
          CostEstimate str =
              size(target).add(SizeEstimate.fixed(1)).multiplyByCostFactor(STRING_TRAVERSAL);
          CostEstimate regex = size(args.get(0)).multiplyByCostFactor(REGEX_STRING_LENGTH);
          return plain(str.multiply(regex).add(argSum));
        }
      }
      case "contains_string" -> {
        if (target != null && args.size() == 1) {
          CostEstimate str = size(target).multiplyByCostFactor(STRING_TRAVERSAL);
          CostEstimate sub = size(args.get(0)).multiplyByCostFactor(STRING_TRAVERSAL);
          return plain(str.multiply(sub).add(argSum));
        }
      }
      case "logical_or", "logical_and" -> {
        CostEstimate lhs = argCosts.get(0);
        CostEstimate rhs = argCosts.get(1);
        return plain(new CostEstimate(lhs.min(), lhs.add(rhs).max()));
      }
      case "conditional" -> {
        SizeEstimate size = size(args.get(1)).union(size(args.get(2)));
        EntrySize entry =
            EntrySize.union(
                coster.entrySize(args.get(1).expr()), coster.entrySize(args.get(2).expr()));
        coster.setEntrySize(e, entry);
        CostEstimate cost = argCosts.get(0).add(argCosts.get(1).union(argCosts.get(2)));
        return new CallEstimate(cost, size);
      }
      case "add_string", "add_bytes", "add_list" -> {
        if (args.size() == 2) {
          SizeEstimate result = size(args.get(0)).add(size(args.get(1)));
          EntrySize entry =
              EntrySize.union(
                  coster.entrySize(args.get(0).expr()), coster.entrySize(args.get(1).expr()));
          coster.setEntrySize(e, entry);
          if (overload.equals("add_list")) {
            return new CallEstimate(CostEstimate.fixed(1).add(argSum), result);
          }
          return new CallEstimate(
              result.multiplyByCostFactor(STRING_TRAVERSAL).add(argSum), result);
        }
      }
      case "less_string",
          "greater_string",
          "less_equals_string",
          "greater_equals_string",
          "less_bytes",
          "greater_bytes",
          "less_equals_bytes",
          "greater_equals_bytes",
          "equals",
          "not_equals" -> {
        long smallestMax = Uint64.min(size(args.get(0)).max(), size(args.get(1)).max());
        long min = smallestMax != 0 ? 1 : 0;
        return plain(
            new CostEstimate(min, smallestMax).multiplyByCostFactor(STRING_TRAVERSAL).add(argSum));
      }
      default -> {}
    }
    return plain(CostEstimate.fixed(1).add(argSum));
  }

  /** cel-go's sets extension estimator: the product of both list sizes times a factor, plus 1. */
  private CallEstimate setsCost(String overload, List<AstNode> args) {
    double factor =
        switch (overload) {
          case "list_sets_contains_list", "list_sets_intersects_list" -> 1;
          case "list_sets_equivalent_list" -> 2;
          default -> 0;
        };
    if (factor == 0 || args.size() != 2) {
      return null;
    }
    SizeEstimate a = KubernetesCosts.sizeEstimate(coster, args.get(0));
    SizeEstimate b = KubernetesCosts.sizeEstimate(coster, args.get(1));
    return plain(a.multiply(b).multiplyByCostFactor(factor).add(CostEstimate.fixed(1)));
  }

  private static SizeEstimate size(AstNode node) {
    return node.computedSize() != null ? node.computedSize() : SizeEstimate.UNKNOWN;
  }

  private static CallEstimate plain(CostEstimate cost) {
    return new CallEstimate(cost, null);
  }
}
