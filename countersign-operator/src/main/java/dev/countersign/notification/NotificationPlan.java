package dev.countersign.notification;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.NotificationRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.OutcomeNotification;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which notifications a request is owed, from its phase and the policies that govern it: once it
 * waits for approval, and until it ends, every channel its rules' {@code approval.notify} name;
 * once it ended, every channel a governing policy's {@code notify[]} names for that outcome. A
 * notification once recorded in {@code status.notifications} stays owed until it settles, even
 * after the request moved on (a quick approval does not cancel the message that it waited).
 */
public final class NotificationPlan {
  private NotificationPlan() {}

  /** One notification owed: an event to a channel, and the policy and rule that ask for it. */
  public record Owed(NotificationEvent event, String channel, String policy, String rule) {
    String key() {
      return event.name() + "/" + channel;
    }
  }

  /** Every notification {@code request} is owed and that has not settled yet. */
  public static List<Owed> unsettled(ActionRequest request, List<AgentPolicy> governing) {
    Map<String, Owed> owed = new LinkedHashMap<>();
    for (Owed o : owed(request, governing)) {
      owed.putIfAbsent(o.key(), o);
    }
    List<NotificationRecord> records =
        request.getStatus() == null ? List.of() : request.getStatus().notifications();
    for (NotificationRecord r : records) {
      Optional<NotificationEvent> event = event(r.event());
      if (event.isPresent() && r.channel() != null && !r.settled()) {
        owed.putIfAbsent(
            event.get().name() + "/" + r.channel(), new Owed(event.get(), r.channel(), null, null));
      }
    }
    List<Owed> result = new ArrayList<>();
    for (Owed o : owed.values()) {
      boolean settled =
          records.stream()
              .anyMatch(
                  r ->
                      o.channel().equals(r.channel())
                          && o.event().name().equals(r.event())
                          && r.settled());
      if (!settled) {
        result.add(o);
      }
    }
    return result;
  }

  private static List<Owed> owed(ActionRequest request, List<AgentPolicy> governing) {
    List<Owed> owed = new ArrayList<>();
    Phase phase = request.phase();
    String action = request.getSpec() == null ? null : request.getSpec().action();
    for (AgentPolicy policy : governing) {
      if (policy.getSpec() == null) {
        continue;
      }
      String name = policy.getMetadata().getName();
      if (awaitedApproval(request)) {
        for (PolicyRule rule : policy.getSpec().rules()) {
          if (rule != null
              && rule.approval() != null
              && !rule.denies()
              && rule.action() != null
              && rule.action().equals(action)) {
            for (String channel : rule.approval().channels()) {
              owed.add(new Owed(NotificationEvent.AwaitingApproval, channel, name, rule.action()));
            }
          }
        }
      }
      Optional<NotificationEvent> outcome = NotificationEvent.outcomeOf(phase);
      if (outcome.isPresent()) {
        for (OutcomeNotification n : policy.getSpec().outcomeChannels()) {
          if (n != null && n.channel() != null && n.on().contains(outcome.get().name())) {
            owed.add(new Owed(outcome.get(), n.channel(), name, action));
          }
        }
      }
    }
    return owed;
  }

  /**
   * Whether the request waits, or waited, for approval and is not over yet. A leader that stopped
   * before it recorded the approval notice leaves it owed to the next one even when the request has
   * been approved meanwhile: at least once, not "unless it was quick". A request that already ended
   * is not told that it waits.
   */
  static boolean awaitedApproval(ActionRequest request) {
    Phase phase = request.phase();
    if (phase == Phase.AwaitingApproval) {
      return true;
    }
    var status = request.getStatus();
    return !phase.isTerminal()
        && status != null
        && status.decision() != null
        && status.decision().verdict() == Decision.Verdict.NeedsApproval;
  }

  private static Optional<NotificationEvent> event(String name) {
    try {
      return Optional.of(NotificationEvent.valueOf(name));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
