package dev.countersign.audit;

import dev.countersign.api.v1alpha1.ApiVersion;

/**
 * The {@code countersign.dev/*} annotations that answer "why did the agent do this, and who let
 * it?" without reading status: on the ActionRequest (its reasoning and the decision) and on the
 * target workload (the last request that changed it).
 */
public final class AuditAnnotations {
  /** On an ActionRequest: the agent's one-line summary. */
  public static final String REASONING = ApiVersion.key("reasoning");

  /** On an ActionRequest: the agent's confidence, 0..1. */
  public static final String CONFIDENCE = ApiVersion.key("confidence");

  /** On an ActionRequest: the verdict and every reason behind it. */
  public static final String DECISION = ApiVersion.key("decision");

  /** On an ActionRequest: who approved it. */
  public static final String APPROVERS = ApiVersion.key("approvers");

  /** On a workload: namespace/name of the last ActionRequest that changed it. */
  public static final String LAST_REQUEST = ApiVersion.key("last-request");

  /** On a workload: the agent behind the last change. */
  public static final String LAST_AGENT = ApiVersion.key("last-agent");

  /** On a workload: the people who approved the last change ("none: auto-approved" if nobody). */
  public static final String LAST_APPROVERS = ApiVersion.key("last-approvers");

  /** On a workload: the last action and when it started. */
  public static final String LAST_ACTION = ApiVersion.key("last-action");

  /**
   * On an Event that reports a decision (Denied, AwaitingApproval, AutoApproved, Evaluated): the
   * decision's reason codes, comma-separated, e.g. {@code AboveMax,Cooldown}.
   */
  public static final String REASON_CODES = ApiVersion.key("reason-codes");

  /** Longest annotation value written; longer text is cut with a marker. */
  static final int MAX_VALUE = 4096;

  private AuditAnnotations() {}

  static String bounded(String value) {
    if (value == null) {
      return "";
    }
    return value.length() <= MAX_VALUE
        ? value
        : value.substring(0, MAX_VALUE - 15) + " …(truncated)";
  }
}
