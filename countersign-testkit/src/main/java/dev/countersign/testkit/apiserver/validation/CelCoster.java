package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.countersign.testkit.apiserver.validation.CostNodes.AstNode;
import dev.countersign.testkit.apiserver.validation.CostNodes.Container;
import dev.countersign.testkit.apiserver.validation.CostNodes.EntrySize;
import dev.countersign.testkit.apiserver.validation.CostNodes.LocalVar;
import java.util.ArrayList;
import java.util.List;

/**
 * A port of cel-go's static cost estimator ({@code checker.Cost}) to cel-java's checked AST, with
 * the options the API server sets ({@code PresenceTestHasCost(false)}) and its size and function
 * estimators ({@link SchemaSizer}, {@link FunctionCosts}). Every expression kind is costed as
 * cel-go does; a function the estimator does not know makes it throw.
 */
final class CelCoster {
  private static final CostEstimate SELECT_AND_IDENT = CostEstimate.fixed(1);
  private static final CostEstimate PRESENCE_TEST = CostEstimate.ZERO;
  private static final CostEstimate LIST_CREATE = CostEstimate.fixed(10);
  private static final CostEstimate MAP_CREATE = CostEstimate.fixed(30);
  private static final CostEstimate STRUCT_CREATE = CostEstimate.fixed(40);

  private final CostState st;
  private final FunctionCosts functions;

  private CelCoster(CostState state) {
    this.st = state;
    this.functions = new FunctionCosts(state);
  }

  /** The estimated cost range of a checked expression over a node of type {@code self}. */
  static CostEstimate estimate(CelAbstractSyntaxTree ast, DeclType self) {
    return new CelCoster(new CostState(ast, new SchemaSizer(self))).cost(ast.getExpr());
  }

  CostEstimate cost(CelExpr e) {
    return switch (e.exprKind().getKind()) {
      case CONSTANT -> CostEstimate.ZERO;
      case IDENT -> {
        LocalVar v = st.peek(e.ident().name());
        st.putPath(e, v != null ? v.path() : List.of(e.ident().name()));
        yield SELECT_AND_IDENT;
      }
      case SELECT -> costSelect(e);
      case CALL -> costCall(e);
      case LIST -> costList(e);
      case MAP -> costMap(e);
      case STRUCT -> {
        CostEstimate sum = CostEstimate.ZERO;
        for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
          sum = sum.add(cost(entry.value()));
        }
        yield sum.add(STRUCT_CREATE);
      }
      case COMPREHENSION -> isBind(e) ? costBind(e) : costComprehension(e);
      case NOT_SET -> CostEstimate.ZERO;
    };
  }

  private CostEstimate costSelect(CelExpr e) {
    CelExpr.CelSelect sel = e.select();
    if (sel.testOnly()) {
      return PRESENCE_TEST.add(cost(sel.operand()));
    }
    CostEstimate sum = cost(sel.operand());
    CelKind kind = st.typeOf(sel.operand()).kind();
    if (kind == CelKind.MAP || kind == CelKind.STRUCT || kind == CelKind.TYPE_PARAM) {
      sum = sum.add(SELECT_AND_IDENT);
    }
    st.putPath(e, CostState.append(st.pathOf(sel.operand()), sel.field()));
    return sum;
  }

  private CostEstimate costCall(CelExpr e) {
    CelExpr.CelCall call = e.call();
    if (call.function().equals("dyn") && call.target().isEmpty() && call.args().size() == 1) {
      CelExpr arg = call.args().get(0);
      CostEstimate argCost = cost(arg);
      st.setSize(e, st.computeSize(arg));
      st.setEntrySize(e, st.entrySize(arg));
      return CostEstimate.fixed(1).add(argCost);
    }
    List<CelExpr> args = call.args();
    List<CostEstimate> argCosts = new ArrayList<>();
    List<AstNode> argNodes = new ArrayList<>();
    for (CelExpr arg : args) {
      argCosts.add(cost(arg));
      argNodes.add(st.node(arg));
    }
    List<String> overloads =
        st.ast.getReference(e.id()).map(r -> List.copyOf(r.overloadIds())).orElse(List.of());
    if (overloads.isEmpty()) {
      return CostEstimate.ZERO;
    }
    CostEstimate sum = CostEstimate.ZERO;
    AstNode target = null;
    if (call.target().isPresent()) {
      sum = sum.add(cost(call.target().get()));
      target = st.node(call.target().get());
    }
    CostEstimate fnCost = new CostEstimate(Uint64.MAX, 0);
    SizeEstimate resultSize = null;
    for (String overload : overloads) {
      CostNodes.CallEstimate est =
          functions.cost(e, call.function(), overload, target, argNodes, argCosts);
      fnCost = fnCost.union(est.cost());
      if (est.resultSize() != null) {
        resultSize = resultSize == null ? est.resultSize() : resultSize.union(est.resultSize());
      }
      if ((overload.equals("index_list") || overload.equals("index_map")) && !args.isEmpty()) {
        resultSize = EntrySize.valOf(st.entrySize(args.get(0)));
        String sub = overload.equals("index_list") ? "@items" : "@values";
        st.putPath(e, CostState.append(st.pathOf(args.get(0)), sub));
      }
      if (resultSize == null) {
        resultSize = st.computeSize(e);
      }
    }
    st.setSize(e, resultSize);
    return sum.add(fnCost);
  }

  private CostEstimate costList(CelExpr e) {
    List<CelExpr> elements = e.list().elements();
    CostEstimate sum = CostEstimate.ZERO;
    SizeEstimate itemSize = new SizeEstimate(elements.isEmpty() ? 0 : Uint64.MAX, 0);
    for (CelExpr element : elements) {
      sum = sum.add(cost(element));
      itemSize = itemSize.union(st.sizeOrUnknown(element));
    }
    st.setEntrySize(e, new EntrySize(Container.LIST, SizeEstimate.fixed(1), itemSize));
    return sum.add(LIST_CREATE);
  }

  private CostEstimate costMap(CelExpr e) {
    List<CelExpr.CelMap.Entry> entries = e.map().entries();
    CostEstimate sum = CostEstimate.ZERO;
    long empty = entries.isEmpty() ? 0 : Uint64.MAX;
    SizeEstimate keySize = new SizeEstimate(empty, 0);
    SizeEstimate valSize = new SizeEstimate(empty, 0);
    for (CelExpr.CelMap.Entry entry : entries) {
      sum = sum.add(cost(entry.key())).add(cost(entry.value()));
      keySize = keySize.union(st.sizeOrUnknown(entry.key()));
      valSize = valSize.union(st.sizeOrUnknown(entry.value()));
    }
    st.setEntrySize(e, new EntrySize(Container.MAP, keySize, valSize));
    return sum.add(MAP_CREATE);
  }

  private CostEstimate costComprehension(CelExpr e) {
    CelExpr.CelComprehension comp = e.comprehension();
    CostEstimate sum = cost(comp.iterRange()).add(cost(comp.accuInit()));
    st.pushLocal(comp.accuVar(), comp.accuInit());
    CelExpr range = comp.iterRange();
    EntrySize entry = st.entrySize(range);
    Container container = EntrySize.containerOf(entry);
    if (container == Container.UNKNOWN) {
      container = CostNodes.containerOf(st.typeOf(range));
    }
    boolean list = container == Container.LIST;
    if (!comp.iterVar2().isEmpty()) {
      st.push(
          comp.iterVar(),
          CostState.append(st.pathOf(range), list ? "@indices" : "@keys"),
          EntrySize.keyOf(entry),
          null);
      st.push(
          comp.iterVar2(),
          CostState.append(st.pathOf(range), list ? "@items" : "@values"),
          EntrySize.valOf(entry),
          null);
    } else {
      SizeEstimate size = list ? EntrySize.valOf(entry) : EntrySize.keyOf(entry);
      st.push(
          comp.iterVar(),
          CostState.append(st.pathOf(range), list ? "@items" : "@keys"),
          size,
          null);
    }
    CostEstimate loopCost = cost(comp.loopCondition());
    CostEstimate stepCost = cost(comp.loopStep());
    st.pop(comp.iterVar());
    if (!comp.iterVar2().isEmpty()) {
      st.pop(comp.iterVar2());
    }
    sum = sum.add(cost(comp.result()));
    st.pop(comp.accuVar());
    SizeEstimate rangeCnt = st.sizeOrUnknown(range);
    sum = sum.add(rangeCnt.multiplyByCost(stepCost.add(loopCost)));
    switch (comp.accuInit().exprKind().getKind()) {
      case CONSTANT -> st.setSize(e, st.computeSize(comp.accuInit()));
      case LIST, MAP -> {
        st.setSize(e, rangeCnt);
        st.setEntrySize(e, st.entrySize(comp.loopStep()));
      }
      default -> {}
    }
    return sum;
  }

  private boolean isBind(CelExpr e) {
    CelExpr.CelComprehension comp = e.comprehension();
    CelExpr range = comp.iterRange();
    CelExpr cond = comp.loopCondition();
    return range.exprKind().getKind() == CelExpr.ExprKind.Kind.LIST
        && range.list().elements().isEmpty()
        && cond.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && cond.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
        && !cond.constant().booleanValue()
        && !comp.accuVar().equals("__result__");
  }

  private CostEstimate costBind(CelExpr e) {
    CelExpr.CelComprehension comp = e.comprehension();
    CostEstimate sum = cost(comp.iterRange()).add(cost(comp.accuInit()));
    st.pushLocal(comp.accuVar(), comp.accuInit());
    sum = sum.add(cost(comp.result()));
    st.pop(comp.accuVar());
    st.setSize(e, st.computeSize(comp.result()));
    st.setEntrySize(e, st.entrySize(comp.result()));
    return sum;
  }
}
