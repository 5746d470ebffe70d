package dev.countersign.testkit.apiserver.validation;

/** cel-go's {@code checker.CostEstimate}: a cost range, as unsigned 64-bit numbers. */
record CostEstimate(long min, long max) {
  static final CostEstimate ZERO = new CostEstimate(0, 0);

  static CostEstimate fixed(long cost) {
    return new CostEstimate(cost, cost);
  }

  CostEstimate add(CostEstimate o) {
    return new CostEstimate(Uint64.add(min, o.min), Uint64.add(max, o.max));
  }

  CostEstimate multiply(CostEstimate o) {
    return new CostEstimate(Uint64.multiply(min, o.min), Uint64.multiply(max, o.max));
  }

  CostEstimate multiplyByCostFactor(double factor) {
    return new CostEstimate(
        Uint64.multiplyByFactor(min, factor), Uint64.multiplyByFactor(max, factor));
  }

  CostEstimate union(CostEstimate o) {
    return new CostEstimate(Uint64.min(min, o.min), Uint64.max(max, o.max));
  }
}
