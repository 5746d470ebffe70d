package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;

/**
 * The sizes cel-go knows without an estimator ({@code computeExprSize}, {@code computeTypeSize}): a
 * string literal's length in code points, a list or map literal's entries, 1 for other literals and
 * for scalar types.
 */
final class LiteralSizes {
  private LiteralSizes() {}

  static SizeEstimate of(CelExpr e) {
    return switch (e.exprKind().getKind()) {
      case CONSTANT ->
          switch (e.constant().getKind()) {
            case STRING_VALUE -> {
              String s = e.constant().stringValue();
              yield SizeEstimate.fixed(s.codePointCount(0, s.length()));
            }
            case BYTES_VALUE -> SizeEstimate.fixed(e.constant().bytesValue().size());
            case NOT_SET -> null;
            default -> SizeEstimate.fixed(1);
          };
      case LIST -> SizeEstimate.fixed(e.list().elements().size());
      case MAP -> SizeEstimate.fixed(e.map().entries().size());
      default -> null;
    };
  }

  /** Whether values of the type have a constant size (strings, lists and maps do not). */
  static boolean isScalar(CelType t) {
    CelKind k = t.kind();
    return switch (k) {
      case BOOL, DOUBLE, DURATION, INT, TIMESTAMP, UINT -> true;
      case OPAQUE ->
          t.name().equals(OptionalType.NAME)
              && !t.parameters().isEmpty()
              && isScalar(t.parameters().get(0));
      default -> false;
    };
  }
}
