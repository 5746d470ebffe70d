package dev.countersign.testkit.apiserver.validation;

/**
 * cel-go's {@code checker.SizeEstimate}: the range of a string's length, a list's items or a map's
 * entries, as unsigned 64-bit numbers (see {@link Uint64}).
 */
record SizeEstimate(long min, long max) {
  static final SizeEstimate UNKNOWN = new SizeEstimate(0, Uint64.MAX);

  static SizeEstimate fixed(long size) {
    return new SizeEstimate(size, size);
  }

  SizeEstimate add(SizeEstimate o) {
    return new SizeEstimate(Uint64.add(min, o.min), Uint64.add(max, o.max));
  }

  SizeEstimate multiply(SizeEstimate o) {
    return new SizeEstimate(Uint64.multiply(min, o.min), Uint64.multiply(max, o.max));
  }

  CostEstimate multiplyByCostFactor(double factor) {
    return new CostEstimate(
        Uint64.multiplyByFactor(min, factor), Uint64.multiplyByFactor(max, factor));
  }

  CostEstimate multiplyByCost(CostEstimate cost) {
    return new CostEstimate(Uint64.multiply(min, cost.min()), Uint64.multiply(max, cost.max()));
  }

  SizeEstimate union(SizeEstimate o) {
    return new SizeEstimate(Uint64.min(min, o.min), Uint64.max(max, o.max));
  }
}
