package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelRuntime;

/**
 * One {@code x-kubernetes-validations} rule, type-checked against its node.
 *
 * @param rule the rule as declared
 * @param ast the checked expression, which the cost estimator reads
 * @param program the evaluable rule
 * @param usesOldSelf whether it is a transition rule
 * @param messageAst the checked {@code messageExpression}, or {@code null}
 * @param messageProgram the evaluable {@code messageExpression}, or {@code null}
 * @param fieldPath the normalized {@code fieldPath}, or empty
 */
record CompiledRule(
    ValidationRule rule,
    CelAbstractSyntaxTree ast,
    CelRuntime.Program program,
    boolean usesOldSelf,
    CelAbstractSyntaxTree messageAst,
    CelRuntime.Program messageProgram,
    String fieldPath) {}
