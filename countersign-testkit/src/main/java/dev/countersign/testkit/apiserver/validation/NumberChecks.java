package dev.countersign.testkit.apiserver.validation;

import java.math.BigDecimal;
import java.util.List;

/**
 * kube-openapi's {@code numberValidator}: range of the value's Go type, {@code multipleOf}, {@code
 * minimum}, {@code maximum}, each compared in the value's native type (an integer value against a
 * bound truncated to int64, as Go does).
 */
final class NumberChecks {
  private NumberChecks() {}

  static void check(Schema s, Object val, String name, OpenApiErrors errs, List<FieldError> out) {
    List<String> types = s.openApiTypes();
    String typeName = "";
    String format = "";
    if (types.size() == 1) {
      if (types.get(0).equals("integer")) {
        typeName = "integer";
        format = s.format.equals("int32") || s.format.equals("int64") ? s.format : "";
      } else if (types.get(0).equals("number")) {
        typeName = "number";
        format = s.format.equals("float") || s.format.equals("double") ? s.format : "";
      }
    }
    String range = rangeError(val, typeName, format, "Checked", name);
    if (range != null) {
      out.add(errs.plain(range));
    }
    if (s.multipleOf != null) {
      String err = rangeError(s.multipleOf, typeName, format, "MultipleOf", name);
      if (err != null) {
        out.add(errs.plain(err));
        multipleOfFloat(name, asDouble(val), s.multipleOf, val, errs, out);
      } else if (val instanceof Long l) {
        long factor = (long) s.multipleOf.doubleValue();
        if (factor <= 0) {
          out.add(errs.multipleOfMustBePositive(name, factor));
        } else if ((l / factor) * factor != l) {
          out.add(errs.notMultipleOf(name, factor, val));
        }
      } else {
        multipleOfFloat(name, asDouble(val), s.multipleOf, val, errs, out);
      }
    }
    if (s.minimum != null) {
      String err = rangeError(s.minimum, typeName, format, "Minimum boundary", name);
      if (err != null) {
        out.add(errs.plain(err));
      }
      double min = s.minimum;
      boolean excl = s.exclusiveMinimum;
      if (err == null && val instanceof Long l) {
        long m = (long) min;
        if ((!excl && l < m) || (excl && l <= m)) {
          out.add(errs.exceedsMinimum(name, m, excl, val));
        }
      } else {
        double d = asDouble(val);
        if ((!excl && d < min) || (excl && d <= min)) {
          out.add(errs.exceedsMinimum(name, min, excl, val));
        }
      }
    }
    if (s.maximum != null) {
      String err = rangeError(s.maximum, typeName, format, "Maximum boundary", name);
      if (err != null) {
        out.add(errs.plain(err));
      }
      double max = s.maximum;
      boolean excl = s.exclusiveMaximum;
      if (err == null && val instanceof Long l) {
        long m = (long) max;
        if ((!excl && l > m) || (excl && l >= m)) {
          out.add(errs.exceedsMaximum(name, m, excl, val));
        }
      } else {
        double d = asDouble(val);
        if ((!excl && d > max) || (excl && d >= max)) {
          out.add(errs.exceedsMaximum(name, max, excl, val));
        }
      }
    }
  }

  private static void multipleOfFloat(
      String name,
      double data,
      double factor,
      Object val,
      OpenApiErrors errs,
      List<FieldError> out) {
    if (factor <= 0) {
      out.add(errs.multipleOfMustBePositive(name, factor));
      return;
    }
    double mult = factor < 1 ? 1 / factor * data : data / factor;
    if (!isJsonInteger(mult)) {
      out.add(errs.notMultipleOf(name, factor, val));
    }
  }

  /** go-openapi's {@code IsValueValidAgainstRange}: whether the value fits the declared type. */
  private static String rangeError(
      Object val, String typeName, String format, String prefix, String path) {
    String rep =
        val instanceof Double d
            ? new BigDecimal(Double.toString(d)).toPlainString()
            : val.toString();
    if (val instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e21) {
      rep = new BigDecimal(d).toPlainString();
    }
    boolean ok = true;
    if (typeName.equals("integer")) {
      try {
        long parsed = Long.parseLong(rep);
        ok =
            !format.equals("int32") || (parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE);
      } catch (NumberFormatException e) {
        ok = false;
      }
    } else if (format.equals("float")) {
      double d = Double.parseDouble(rep);
      ok = Math.abs(d) <= Float.MAX_VALUE || Double.isNaN(d);
    }
    if (ok) {
      return null;
    }
    return format.isEmpty()
        ? prefix + " value must be of type " + typeName + " (default format) in " + path
        : prefix + " value must be of type " + typeName + " with format " + format + " in " + path;
  }

  static double asDouble(Object val) {
    return ((Number) val).doubleValue();
  }

  /** go-openapi swag's {@code IsFloat64AJSONInteger}. */
  static boolean isJsonInteger(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f) || Math.abs(f) > 9007199254740992.0) {
      return false;
    }
    double g = (double) (long) f;
    if (f == g) {
      return true;
    }
    double diff = Math.abs(f - g);
    if (f == 0 || g == 0 || diff < Double.MIN_VALUE) {
      return diff < 1e-9 * Double.MIN_VALUE;
    }
    return diff / Math.min(Math.abs(f) + Math.abs(g), Double.MAX_VALUE) < 1e-9;
  }
}
