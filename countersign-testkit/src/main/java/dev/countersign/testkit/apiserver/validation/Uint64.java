package dev.countersign.testkit.apiserver.validation;

/**
 * Go's {@code uint64} arithmetic as cel-go's cost estimator uses it, on Java longs read as
 * unsigned: sums and products saturate at {@link #MAX} instead of wrapping, and a cost factor
 * multiplies through {@code float64} and rounds up.
 */
final class Uint64 {
  /** {@code math.MaxUint64}. */
  static final long MAX = -1L;

  private static final double TWO_TO_64 = Math.scalb(1.0, 64);
  private static final double TWO_TO_63 = Math.scalb(1.0, 63);

  private Uint64() {}

  static long add(long x, long y) {
    if (y != 0 && Long.compareUnsigned(x, MAX - y) > 0) {
      return MAX;
    }
    return x + y;
  }

  static long multiply(long x, long y) {
    if (y != 0 && Long.compareUnsigned(x, Long.divideUnsigned(MAX, y)) > 0) {
      return MAX;
    }
    return x * y;
  }

  /** cel-go's {@code multiplyByCostFactor}: {@code ceil(float64(x) * y)}, saturating. */
  static long multiplyByFactor(long x, double y) {
    double xf = toDouble(x);
    if (xf > 0 && y > 0 && xf > TWO_TO_64 / y) {
      return MAX;
    }
    double ceil = Math.ceil(xf * y);
    if (ceil >= TWO_TO_64) {
      return MAX;
    }
    return ceil < TWO_TO_63 ? (long) ceil : (long) (ceil - TWO_TO_63) + Long.MIN_VALUE;
  }

  /** Go's {@code float64(x)}: round to nearest. */
  static double toDouble(long x) {
    if (x >= 0) {
      return x;
    }
    return ((double) ((x >>> 1) | (x & 1))) * 2.0;
  }

  static long min(long a, long b) {
    return Long.compareUnsigned(a, b) <= 0 ? a : b;
  }

  static long max(long a, long b) {
    return Long.compareUnsigned(a, b) >= 0 ? a : b;
  }

  /** The value as a Java long, saturating at {@link Long#MAX_VALUE}. */
  static long clamp(long x) {
    return x < 0 ? Long.MAX_VALUE : x;
  }
}
