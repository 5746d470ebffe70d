package dev.countersign.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against an embedded API server without the checks only an API server makes (CRD
 * schema and CEL validation, the admission policy; RBAC stays): for tests of what the operator
 * re-checks on its own, as the design asks ("the operator still re-checks and reports, never
 * trusts"), with objects a cluster would have refused.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithoutApiServerValidation {}
