package dev.countersign.notification;

import dev.countersign.api.v1alpha1.actionrequest.Phase;
import java.util.Optional;

/**
 * What a notification is about: a request waits for approvers, or it ended in one of the outcomes a
 * policy's {@code notify[].on} may name. The names are those of {@code
 * status.notifications[].event}.
 */
public enum NotificationEvent {
  AwaitingApproval("actionrequest.awaiting_approval"),
  Denied("actionrequest.denied"),
  Succeeded("actionrequest.succeeded"),
  Failed("actionrequest.failed"),
  Expired("actionrequest.expired"),
  Rejected("actionrequest.rejected");

  private final String type;

  NotificationEvent(String type) {
    this.type = type;
  }

  /** The payload's {@code type}, as Standard Webhooks suggests: a dotted event name. */
  public String type() {
    return type;
  }

  /** Whether this is an outcome (a terminal phase), not the wait for approvers. */
  public boolean outcome() {
    return this != AwaitingApproval;
  }

  /** The outcome event of a terminal phase, if a policy can ask to hear about it. */
  public static Optional<NotificationEvent> outcomeOf(Phase phase) {
    return switch (phase) {
      case Denied -> Optional.of(Denied);
      case Succeeded -> Optional.of(Succeeded);
      case Failed -> Optional.of(Failed);
      case Expired -> Optional.of(Expired);
      case Rejected -> Optional.of(Rejected);
      default -> Optional.empty();
    };
  }
}
