package dev.countersign.metrics;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import java.util.Locale;

/**
 * The kind of reason behind a denial, a bounded label for {@link RequestMetrics#DENIALS}. Read off
 * the first reason of the decision; the reason itself (unbounded text) is in the request's status
 * and Events, never in a metric label.
 */
public enum DenialReason {
  /** The request itself was malformed: unknown action or kind, missing target, bad parameters. */
  INVALID_REQUEST,
  /** No AgentPolicy allows the request (default deny). */
  NO_POLICY,
  /** A policy's Deny rule forbids the action. */
  FORBIDDEN,
  /** A limit of an allowing rule was exceeded. */
  LIMIT,
  /** A change freeze, budget or cooldown was in force. */
  SCHEDULE,
  /** The approval requirements cannot be met. */
  APPROVAL,
  /** An error while deciding (fail closed). */
  ERROR,
  /** Anything else. */
  OTHER;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DenialReason of(Decision decision) {
    if (decision == null || decision.reasons().isEmpty()) {
      return OTHER;
    }
    String reason = decision.reasons().getFirst();
    if (reason.startsWith("no AgentPolicy allows")) {
      return NO_POLICY;
    }
    if (reason.contains(" forbids ")) {
      return FORBIDDEN;
    }
    if (reason.contains("fail closed")) {
      return ERROR;
    }
    if (reason.contains("freeze") || reason.contains("budget") || reason.contains("cooldown")) {
      return SCHEDULE;
    }
    if (reason.contains("approv")) {
      return APPROVAL;
    }
    if (reason.contains("policy ")) {
      return LIMIT;
    }
    if (reason.contains("not supported")
        || reason.contains("does not exist")
        || reason.contains("negative")
        || reason.contains("ceiling")
        || reason.contains("missing")
        || reason.contains("revision")) {
      return INVALID_REQUEST;
    }
    return OTHER;
  }
}
