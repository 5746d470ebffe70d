package dev.countersign.testkit.apiserver.validation;

import dev.cel.runtime.CelEvaluationException;

/** CEL evaluation errors in the words cel-go (and so the API server) uses, e.g. no such key: k. */
public final class CelErrors {
  private CelErrors() {}

  /** The error's message as cel-go would word it, without cel-java's location prefix. */
  public static String goText(CelEvaluationException e) {
    return CelRuleEvaluator.runtimeMessage(e);
  }
}
