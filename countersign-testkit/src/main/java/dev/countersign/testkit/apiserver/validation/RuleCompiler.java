package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles the rules of one schema node as the API server does when a CRD is created, and throws
 * where the API server would reject the CRD (a rule that does not compile, is not a bool, has a
 * {@code messageExpression} that is not a string, or an invalid {@code fieldPath}) or where this
 * implementation cannot follow it (date, date-time, duration or byte strings in the rule's reach).
 */
final class RuleCompiler {
  private static final Set<String> REASONS =
      Set.of(
          "",
          "FieldValueInvalid",
          "FieldValueForbidden",
          "FieldValueRequired",
          "FieldValueDuplicate");

  private RuleCompiler() {}

  /**
   * The node's compiled rules.
   *
   * @param where the node's location, for exception messages
   * @param typeName a unique name for the node's struct type
   */
  static List<CompiledRule> compile(
      Schema node, DeclType type, CelTypeRegistry types, String typeName, String where) {
    if (node.validations.isEmpty()) {
      return List.of();
    }
    if (type == null) {
      throw new IllegalArgumentException(
          where + ": failed to convert to declType for CEL validation rules");
    }
    CelType self = types.typeOf(type, typeName);
    CelCompiler plain = CelEnvironment.compiler(types, self, false);
    CelCompiler optional = CelEnvironment.compiler(types, self, true);
    List<CompiledRule> out = new ArrayList<>();
    for (int i = 0; i < node.validations.size(); i++) {
      ValidationRule rule = node.validations.get(i);
      String at = where + ".x-kubernetes-validations[" + i + "]";
      if (rule.rule().isBlank()) {
        throw new IllegalArgumentException(at + ".rule: Required value");
      }
      if (!REASONS.contains(rule.reason())) {
        throw new IllegalArgumentException(
            at
                + ".reason: Unsupported value: "
                + GoFormat.quote(rule.reason())
                + ": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\","
                + " \"FieldValueInvalid\", \"FieldValueRequired\"");
      }
      CelCompiler compiler = rule.optionalOldSelf() ? optional : plain;
      CelAbstractSyntaxTree ast = check(compiler, rule.rule(), at + ".rule");
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        throw new IllegalArgumentException(at + ".rule: cel expression must evaluate to a bool");
      }
      boolean usesOldSelf =
          ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
      if (!usesOldSelf && rule.optionalOldSelf()) {
        throw new IllegalArgumentException(
            at + ".optionalOldSelf: may not be set if oldSelf is not used in rule");
      }
      CelAbstractSyntaxTree messageAst = null;
      CelRuntime.Program messageProgram = null;
      if (!rule.messageExpression().isEmpty()) {
        messageAst = check(compiler, rule.messageExpression(), at + ".messageExpression");
        if (messageAst.getResultType().kind() != CelKind.STRING) {
          throw new IllegalArgumentException(
              at + ".messageExpression: messageExpression must evaluate to a string");
        }
        messageProgram = program(messageAst, at);
      }
      String fieldPath = "";
      if (!rule.fieldPath().isEmpty()) {
        try {
          fieldPath = RuleFieldPath.normalize(rule.fieldPath(), node);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              at
                  + ".fieldPath: Invalid value: "
                  + GoFormat.quote(rule.fieldPath())
                  + ": must be a valid path",
              e);
        }
      }
      out.add(
          new CompiledRule(
              rule, ast, program(ast, at), usesOldSelf, messageAst, messageProgram, fieldPath));
    }
    return out;
  }

  private static CelAbstractSyntaxTree check(CelCompiler compiler, String source, String at) {
    try {
      return compiler.compile(source).getAst();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(at + ": compilation failed: " + e.getMessage(), e);
    }
  }

  private static CelRuntime.Program program(CelAbstractSyntaxTree ast, String at) {
    try {
      return CelEnvironment.RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(
          at + ": program instantiation failed: " + e.getMessage(), e);
    }
  }

  /** Fails when CEL would see a string format whose CEL type this implementation does not build. */
  static void requireSupportedValues(DeclType type, String where) {
    switch (type.kind) {
      case TIMESTAMP, DURATION, BYTES ->
          throw new UnsupportedOperationException(
              where
                  + ": rules over strings of format date, date-time, duration or byte are not"
                  + " supported by this validator");
      case OBJECT -> type.fields.forEach((k, v) -> requireSupportedValues(v, where + "." + k));
      case MAP, LIST -> requireSupportedValues(type.elem, where);
      default -> {}
    }
  }
}
