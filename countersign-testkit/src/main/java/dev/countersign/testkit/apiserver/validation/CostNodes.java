package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.List;

/** The small value types of the cost estimator, after cel-go's {@code checker/cost.go}. */
final class CostNodes {
  private CostNodes() {}

  /** An expression as function estimators see it ({@code checker.AstNode}). */
  record AstNode(List<String> path, CelType type, CelExpr expr, SizeEstimate computedSize) {}

  /** The container an entry size belongs to. */
  enum Container {
    LIST,
    MAP,
    UNKNOWN
  }

  /** The size of a list's index and items, or a map's keys and values. */
  record EntrySize(Container container, SizeEstimate key, SizeEstimate val) {
    static Container containerOf(EntrySize e) {
      return e == null ? Container.UNKNOWN : e.container;
    }

    static SizeEstimate keyOf(EntrySize e) {
      return e == null ? null : e.key;
    }

    static SizeEstimate valOf(EntrySize e) {
      return e == null ? null : e.val;
    }

    static EntrySize union(EntrySize a, EntrySize b) {
      if (a == null || b == null) {
        return null;
      }
      return new EntrySize(a.container, a.key.union(b.key), a.val.union(b.val));
    }
  }

  /** A local or iteration variable in scope. */
  record LocalVar(List<String> path, SizeEstimate size, EntrySize entrySize) {}

  /** A function's cost and, for strings, bytes, lists and maps, its result size. */
  record CallEstimate(CostEstimate cost, SizeEstimate resultSize) {}

  static Container containerOf(CelType t) {
    if (t == null) {
      return Container.UNKNOWN;
    }
    return t.kind() == CelKind.LIST
        ? Container.LIST
        : t.kind() == CelKind.MAP ? Container.MAP : Container.UNKNOWN;
  }
}
