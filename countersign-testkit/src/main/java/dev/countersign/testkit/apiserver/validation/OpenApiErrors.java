package dev.countersign.testkit.apiserver.validation;

import java.util.List;

/**
 * Builds the field errors that apiextensions-apiserver makes of kube-openapi's validation errors
 * ({@code kubeOpenAPIResultToFieldErrors}): the kube-openapi error name (like {@code
 * spec.rules[0].action}, or {@code .foo} for a required field of the root) becomes a child of the
 * validator's base path, and the kube-openapi message (like {@code spec.x in body should be ...})
 * becomes the detail.
 */
final class OpenApiErrors {
  private final FieldPath base;

  OpenApiErrors(FieldPath base) {
    this.base = base;
  }

  FieldPath path(String name) {
    if (name.isEmpty() || name.equals(".")) {
      return base;
    }
    return FieldPath.child(base, name.startsWith(".") ? name.substring(1) : name);
  }

  FieldError required(String name) {
    return FieldError.required(path(name), "");
  }

  FieldError invalidType(String name, String typeName, Object value) {
    String message =
        value instanceof String s
            ? name + " in body must be of type " + typeName + ": " + GoFormat.quote(s)
            : name + " in body must be of type " + typeName;
    return FieldError.typeInvalid(path(name), value == null ? "" : value, message);
  }

  FieldError enumFail(String name, Object value, List<Object> values) {
    return FieldError.notSupported(path(name), value, values);
  }

  FieldError tooLong(String name, long max) {
    return FieldError.tooLong(path(name), max);
  }

  FieldError tooShort(String name, long min, String value) {
    return invalid(name, value, name + " in body should be at least " + min + " chars long");
  }

  FieldError pattern(String name, String pattern, String value) {
    return invalid(name, value, name + " in body should match '" + pattern + "'");
  }

  FieldError tooManyItems(String name, long max, long size) {
    return FieldError.tooMany(path(name), size, max);
  }

  FieldError tooFewItems(String name, long min, long size) {
    return invalid(name, size, name + " in body should have at least " + min + " items");
  }

  FieldError tooManyProperties(String name, long max, long size) {
    return FieldError.tooMany(path(name), size, max);
  }

  FieldError tooFewProperties(String name, long min, long size) {
    return invalid(name, size, name + " in body should have at least " + min + " properties");
  }

  FieldError exceedsMaximum(String name, Object max, boolean exclusive, Object value) {
    String op = exclusive ? "less than" : "less than or equal to";
    return invalid(name, value, name + " in body should be " + op + " " + GoFormat.value(max));
  }

  FieldError exceedsMinimum(String name, Object min, boolean exclusive, Object value) {
    String op = exclusive ? "greater than" : "greater than or equal to";
    return invalid(name, value, name + " in body should be " + op + " " + GoFormat.value(min));
  }

  FieldError notMultipleOf(String name, Object factor, Object value) {
    return invalid(
        name, value, name + " in body should be a multiple of " + GoFormat.value(factor));
  }

  FieldError multipleOfMustBePositive(String name, Object factor) {
    return invalid(
        name,
        factor,
        "factor MultipleOf declared for " + name + " must be positive: " + GoFormat.value(factor));
  }

  /** A plain Go error in the kube-openapi result: reported at the base path with value "". */
  FieldError plain(String message) {
    return FieldError.invalid(base, "", message);
  }

  private FieldError invalid(String name, Object value, String message) {
    return FieldError.invalid(path(name), value == null ? "" : value, message);
  }
}
