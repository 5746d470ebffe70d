package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * What one step of a request's path (decide, approve, execute) did: the request as it is now, and
 * how long it waits for news before it is looked at again. Every step answers with this, so the
 * reconciler only routes.
 *
 * @param request the request as the step left it
 * @param waitFor how long (at most) before the next look; empty when it moved on and the next step
 *     may run at once
 */
public record StepOutcome(ActionRequest request, Optional<Duration> waitFor) {

  /** The request moved on (or ended); the next step, if any, may run at once. */
  static StepOutcome moved(ActionRequest request) {
    return new StepOutcome(request, Optional.empty());
  }

  /** The request waits; look at it again after {@code duration}. */
  static StepOutcome waits(ActionRequest request, Duration duration) {
    return new StepOutcome(request, Optional.of(duration));
  }
}
