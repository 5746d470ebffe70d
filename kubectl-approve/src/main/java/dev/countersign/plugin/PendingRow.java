package dev.countersign.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.TargetRef;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the pending list shows and judges of one ActionRequest, read straight from its JSON as the
 * API server sent it. Reading a thousand requests into the typed model costs a short-lived JVM more
 * than everything else the list does (Jackson builds and warms a reader for every type of the
 * model, a cost paid again by each run); the list needs eleven fields. The text comes from the same
 * {@link RequestText} functions and the judgement from the same {@link ApproverCheck} as the typed
 * views, so both say the same of the same request. A field of the wrong JSON type (which the CRD's
 * schema keeps out of a real cluster) reads as absent, as the typed model reads an unreadable part.
 */
record PendingRow(
    String namespace,
    String name,
    String creationTimestamp,
    String phase,
    String requester,
    String action,
    String replicas,
    String toRevision,
    TargetRef target,
    String summary,
    String approvalSummary,
    RequiredApprovals required,
    Instant expiresAt) {

  static PendingRow of(JsonNode request) {
    JsonNode metadata = request.path("metadata");
    JsonNode spec = request.path("spec");
    JsonNode status = request.path("status");
    JsonNode decision = status.path("decision");
    return new PendingRow(
        text(metadata.path("namespace")),
        text(metadata.path("name")),
        text(metadata.path("creationTimestamp")),
        text(status.path("phase")),
        text(spec.path("requester")),
        text(spec.path("action")),
        integer(spec.path("scale").path("replicas")),
        integer(spec.path("rollback").path("toRevision")),
        spec.path("target").isObject()
            ? new TargetRef(
                text(spec.path("target").path("kind")), text(spec.path("target").path("name")))
            : null,
        text(spec.path("reasoning").path("summary")),
        text(status.path("approvalSummary")),
        required(decision.path("requiredApprovals")),
        RequestText.instant(text(decision.path("expiresAt"))));
  }

  /** Whether the request awaits approval (a request without a phase is Pending). */
  boolean awaitingApproval() {
    return Phase.AwaitingApproval.name().equals(phase);
  }

  /** Why the caller may not approve it, or empty when they may: {@link ApproverCheck}'s answer. */
  Optional<String> whyNot(Identity me) {
    return ApproverCheck.whyNot(required, requester, me);
  }

  /** The cells of the list's row (without the namespace), as {@link PendingList} prints them. */
  String[] cells(Clock clock, int summaryWidth) {
    return new String[] {
      name,
      RequestText.age(creationTimestamp, clock),
      RequestText.agent(requester),
      RequestText.action(action, replicas, toRevision),
      RequestText.target(target),
      RequestText.summary(summary, summaryWidth),
      RequestText.approvals(approvalSummary, required),
      RequestText.expiry(expiresAt, clock)
    };
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.textValue() : null;
  }

  private static String integer(JsonNode node) {
    return node.isIntegralNumber() ? node.asText() : null;
  }

  private static RequiredApprovals required(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    JsonNode min = node.path("minApprovals");
    return new RequiredApprovals(
        min.isIntegralNumber() ? min.intValue() : 0,
        texts(node.path("users")),
        texts(node.path("groups")));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (JsonNode element : array) {
      if (element.isTextual()) {
        texts.add(element.textValue());
      }
    }
    return texts;
  }
}
