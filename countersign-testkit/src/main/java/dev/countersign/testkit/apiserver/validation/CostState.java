package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.countersign.testkit.apiserver.validation.CostNodes.AstNode;
import dev.countersign.testkit.apiserver.validation.CostNodes.EntrySize;
import dev.countersign.testkit.apiserver.validation.CostNodes.LocalVar;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What cel-go's cost estimator tracks while it walks an expression: the field path of each
 * expression (like {@code [self, spec, kinds, @items]}), the variables in scope, and the sizes it
 * has computed of expressions and of their list or map entries.
 */
final class CostState {
  final CelAbstractSyntaxTree ast;
  final SchemaSizer sizer;
  private final Map<Long, List<String>> paths = new HashMap<>();
  private final Map<String, Deque<LocalVar>> locals = new HashMap<>();
  private final Map<Long, SizeEstimate> sizes = new HashMap<>();
  private final Map<Long, EntrySize> entrySizes = new HashMap<>();

  CostState(CelAbstractSyntaxTree ast, SchemaSizer sizer) {
    this.ast = ast;
    this.sizer = sizer;
  }

  void putPath(CelExpr e, List<String> path) {
    paths.put(e.id(), path);
  }

  CelType typeOf(CelExpr e) {
    return ast.getType(e.id()).orElse(SimpleType.DYN);
  }

  List<String> pathOf(CelExpr e) {
    if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
      LocalVar v = peek(e.ident().name());
      if (v != null) {
        return v.path();
      }
    }
    return paths.getOrDefault(e.id(), List.of());
  }

  AstNode node(CelExpr e) {
    List<String> path = pathOf(e);
    if (!path.isEmpty() && (path.get(0).equals("@result") || path.get(0).equals("__result__"))) {
      path = List.of();
    }
    return new AstNode(path, typeOf(e), e, computeSize(e));
  }

  SizeEstimate sizeOrUnknown(CelExpr e) {
    SizeEstimate s = computeSize(e);
    return s != null ? s : SizeEstimate.UNKNOWN;
  }

  SizeEstimate computeSize(CelExpr e) {
    SizeEstimate known = sizes.get(e.id());
    if (known != null) {
      return known;
    }
    SizeEstimate literal = LiteralSizes.of(e);
    if (literal != null) {
      return literal;
    }
    SizeEstimate estimated = sizer.estimateSize(pathOf(e));
    if (estimated != null) {
      sizes.put(e.id(), estimated);
      return estimated;
    }
    if (LiteralSizes.isScalar(typeOf(e))) {
      return SizeEstimate.fixed(1);
    }
    if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
      LocalVar v = peek(e.ident().name());
      if (v != null && v.size() != null) {
        return v.size();
      }
    }
    return null;
  }

  void setSize(CelExpr e, SizeEstimate size) {
    if (size != null) {
      sizes.put(e.id(), size);
    }
  }

  EntrySize entrySize(CelExpr e) {
    EntrySize known = entrySizes.get(e.id());
    if (known != null) {
      return known;
    }
    if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
      LocalVar v = peek(e.ident().name());
      if (v != null) {
        return v.entrySize();
      }
    }
    return null;
  }

  void setEntrySize(CelExpr e, EntrySize size) {
    if (size != null) {
      entrySizes.put(e.id(), size);
    }
  }

  void pushLocal(String name, CelExpr e) {
    push(name, pathOf(e), computeSize(e), entrySize(e));
  }

  void push(String name, List<String> path, SizeEstimate size, EntrySize entry) {
    locals.computeIfAbsent(name, k -> new ArrayDeque<>()).push(new LocalVar(path, size, entry));
  }

  void pop(String name) {
    locals.get(name).pop();
  }

  LocalVar peek(String name) {
    Deque<LocalVar> stack = locals.get(name);
    return stack == null || stack.isEmpty() ? null : stack.peek();
  }

  static List<String> append(List<String> path, String element) {
    List<String> out = new ArrayList<>(path);
    out.add(element);
    return List.copyOf(out);
  }
}
