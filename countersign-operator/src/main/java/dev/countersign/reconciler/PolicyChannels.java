package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.OutcomeNotification;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/** Every NotificationChannel a policy names, and where it names it (for messages). */
final class PolicyChannels {
  private PolicyChannels() {}

  record Named(String where, String channel) {}

  static List<Named> named(AgentPolicySpec spec) {
    List<Named> named = new ArrayList<>();
    for (int i = 0; i < spec.rules().size(); i++) {
      PolicyRule rule = spec.rules().get(i);
      if (rule != null && rule.approval() != null) {
        for (String channel : rule.approval().channels()) {
          named.add(new Named("rules[" + i + "] (" + rule.action() + ") approval.notify", channel));
        }
      }
    }
    for (int i = 0; i < spec.outcomeChannels().size(); i++) {
      OutcomeNotification n = spec.outcomeChannels().get(i);
      if (n != null && n.channel() != null) {
        named.add(new Named("notify[" + i + "]", n.channel()));
      }
    }
    return named;
  }
}
