package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.countersign.testkit.apiserver.validation.CostNodes.AstNode;
import dev.countersign.testkit.apiserver.validation.CostNodes.CallEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server's library cost estimator ({@code k8s.io/apiserver/pkg/cel/library/cost.go}, {@code
 * EstimateCallCost}) for the functions of the rule environment: the lists library, the strings
 * extension functions it prices, and the regex library. Returns {@code null} where it defers to
 * cel-go.
 */
final class KubernetesCosts {
  private static final double TRAVERSAL = FunctionCosts.STRING_TRAVERSAL;

  private KubernetesCosts() {}

  static CallEstimate estimate(CostState c, String function, AstNode target, List<AstNode> args) {
    switch (function) {
      case "isSorted", "sum", "max", "min", "indexOf", "lastIndexOf" -> {
        if (target != null) {
          CostEstimate elCost = CostEstimate.fixed(1);
          AstNode el = listElement(target);
          if (el != null) {
            CelKind k = el.type().kind();
            if (k == CelKind.STRING || k == CelKind.BYTES) {
              elCost = elCost.add(sizeEstimate(c, el).multiplyByCostFactor(TRAVERSAL));
            }
            return plain(sizeEstimate(c, target).multiplyByCost(elCost));
          }
          return plain(sizeEstimate(c, target).multiplyByCostFactor(TRAVERSAL));
        }
      }
      case "lowerAscii", "upperAscii", "substring", "trim" -> {
        if (target != null) {
          SizeEstimate sz = sizeEstimate(c, target);
          return new CallEstimate(sz.multiplyByCostFactor(TRAVERSAL), sz);
        }
      }
      case "replace" -> {
        if (target != null && args.size() >= 2) {
          return replace(c, target, args);
        }
      }
      case "split" -> {
        if (target != null) {
          SizeEstimate sz = sizeEstimate(c, target);
          long max = sz.max();
          if (args.size() > 1) {
            CelExpr limit = args.get(1).expr();
            if (limit.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && limit.constant().getKind() == CelConstant.Kind.INT64_VALUE) {
              max = limit.constant().int64Value();
            }
          }
          return new CallEstimate(sz.multiplyByCostFactor(2 * TRAVERSAL), new SizeEstimate(0, max));
        }
      }
      case "join" -> {
        if (target != null) {
          SizeEstimate sz = new SizeEstimate(0, 0);
          SizeEstimate listSize = sizeEstimate(c, target);
          AstNode el = listElement(target);
          if (el != null) {
            sz = listSize.multiply(sizeEstimate(c, el));
          }
          if (!args.isEmpty()) {
            SizeEstimate sep = sizeEstimate(c, args.get(0));
            long minSeparators = listSize.min() != 0 ? listSize.min() - 1 : 0;
            long maxSeparators = listSize.max() != 0 ? listSize.max() - 1 : 0;
            sz = sz.add(sep.multiply(new SizeEstimate(minSeparators, maxSeparators)));
          }
          return new CallEstimate(sz.multiplyByCostFactor(TRAVERSAL), sz);
        }
      }
      case "find", "findAll" -> {
        if (target != null && !args.isEmpty()) {
          SizeEstimate sz = sizeEstimate(c, target);
          CostEstimate str = sz.add(SizeEstimate.fixed(1)).multiplyByCostFactor(TRAVERSAL);
          CostEstimate regex =
              sizeEstimate(c, args.get(0)).multiplyByCostFactor(FunctionCosts.REGEX_STRING_LENGTH);
          return new CallEstimate(str.multiply(regex), new SizeEstimate(0, sz.max()));
        }
      }
      default -> {}
    }
    return null;
  }

  private static CallEstimate replace(CostState c, AstNode target, List<AstNode> args) {
    SizeEstimate sz = sizeEstimate(c, target);
    SizeEstimate toReplace = sizeEstimate(c, args.get(0));
    SizeEstimate replaceWith = sizeEstimate(c, args.get(1));
    long countMax;
    long countMin;
    long retainedMax = 0;
    long retainedMin = 0;
    if (toReplace.min() == 0) {
      countMax = sz.max() != Uint64.MAX ? sz.max() + 1 : sz.max();
      retainedMax = sz.max();
    } else if (Long.compareUnsigned(replaceWith.max(), toReplace.min()) <= 0) {
      countMax = 0;
      retainedMax = sz.max();
    } else {
      countMax = ceilDiv(sz.max(), toReplace.min());
    }
    if (toReplace.max() == 0) {
      countMin = sz.min() != Uint64.MAX ? sz.min() + 1 : sz.min();
      retainedMin = sz.min();
    } else if (Long.compareUnsigned(toReplace.max(), replaceWith.min()) <= 0) {
      countMin = 0;
      retainedMin = sz.min();
    } else {
      countMin = ceilDiv(sz.min(), toReplace.max());
    }
    SizeEstimate size =
        new SizeEstimate(countMin, countMax)
            .multiply(replaceWith)
            .add(new SizeEstimate(retainedMin, retainedMax));
    return new CallEstimate(sz.multiplyByCostFactor(2 * TRAVERSAL), size);
  }

  private static long ceilDiv(long a, long b) {
    return Uint64.multiplyByFactor(1, Math.ceil(Uint64.toDouble(a) / Uint64.toDouble(b)));
  }

  /** The library's {@code sizeEstimate}: computed size, else the schema's, else unknown. */
  static SizeEstimate sizeEstimate(CostState c, AstNode node) {
    if (node.computedSize() != null) {
      return node.computedSize();
    }
    SizeEstimate s = c.sizer.estimateSize(node.path());
    return s != null ? s : SizeEstimate.UNKNOWN;
  }

  /** The library's {@code listElementNode}: the element type, at path {@code list/@items}. */
  private static AstNode listElement(AstNode list) {
    List<CelType> params = list.type().parameters();
    if (params.isEmpty()) {
      return null;
    }
    List<String> path = List.of();
    if (!list.path().isEmpty()) {
      List<String> p = new ArrayList<>(list.path());
      p.add("@items");
      path = List.copyOf(p);
    }
    return new AstNode(path, params.get(0), null, null);
  }

  private static CallEstimate plain(CostEstimate cost) {
    return new CallEstimate(cost, null);
  }
}
