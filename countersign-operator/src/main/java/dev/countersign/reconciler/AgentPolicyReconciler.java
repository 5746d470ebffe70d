package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicyStatus;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel;
import dev.countersign.audit.EventReason;
import dev.countersign.audit.EventRecorder;
import dev.countersign.policy.PolicyValidator;
import dev.countersign.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.inject.Vetoed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reports whether each AgentPolicy is valid: {@code Ready=True}, or {@code Ready=False} with every
 * problem in words. The decision logic applies the same validation, so an invalid policy allows
 * nothing whether or not this status has been written yet.
 */
@Vetoed
@ControllerConfiguration(name = AgentPolicyReconciler.NAME)
public class AgentPolicyReconciler implements Reconciler<AgentPolicy> {
  public static final String NAME = "agentpolicy";

  /** Condition type: the policy is valid and in force. */
  public static final String READY = "Ready";

  /**
   * Condition type: every NotificationChannel the policy names exists (set only on policies that
   * name channels). A missing channel does not make the policy invalid: it still decides, and the
   * notifications to that channel fail until it exists.
   */
  public static final String CHANNELS = "ChannelsFound";

  /**
   * How soon a policy naming missing channels is looked at again (channels are not watched here).
   */
  static final Duration CHANNEL_RECHECK = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  private final String channelNamespace;

  AgentPolicyReconciler(
      KubernetesClient client, EventRecorder events, Clock clock, String channelNamespace) {
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.channelNamespace = channelNamespace;
  }

  @Override
  public UpdateControl<AgentPolicy> reconcile(AgentPolicy policy, Context<AgentPolicy> context) {
    List<String> problems =
        policy.unreadableSpec().isPresent()
            ? List.of("the spec could not be read: " + policy.unreadableSpec().get())
            : policy.getSpec() == null
                ? List.of("the policy has no spec")
                : PolicyValidator.problems(policy.getSpec());
    Long generation = policy.getMetadata().getGeneration();
    AgentPolicyStatus current =
        policy.getStatus() == null ? new AgentPolicyStatus(List.of(), null) : policy.getStatus();
    boolean valid = problems.isEmpty();
    String message =
        valid
            ? "the policy is valid and in force"
            : "invalid, allows nothing: " + String.join("; ", problems);
    List<Condition> conditions =
        Conditions.set(
            current.conditions(),
            READY,
            valid ? Conditions.TRUE : Conditions.FALSE,
            valid ? "Valid" : "Invalid",
            message,
            generation,
            clock.instant());
    List<String> missing = policy.getSpec() == null ? List.of() : missingChannels(policy);
    boolean namesChannels =
        policy.getSpec() != null && !PolicyChannels.named(policy.getSpec()).isEmpty();
    String channelsMessage =
        missing.isEmpty()
            ? "every NotificationChannel it names exists in namespace " + channelNamespace
            : String.join("; ", missing);
    if (namesChannels) {
      conditions =
          Conditions.set(
              conditions,
              CHANNELS,
              missing.isEmpty() ? Conditions.TRUE : Conditions.FALSE,
              missing.isEmpty() ? "Found" : "ChannelMissing",
              channelsMessage,
              generation,
              clock.instant());
    } else {
      conditions = conditions.stream().filter(c -> !CHANNELS.equals(c.getType())).toList();
    }
    UpdateControl<AgentPolicy> done =
        missing.isEmpty()
            ? UpdateControl.noUpdate()
            : UpdateControl.<AgentPolicy>noUpdate().rescheduleAfter(CHANNEL_RECHECK);
    Condition before = Conditions.find(current.conditions(), READY);
    Condition channelsBefore = Conditions.find(current.conditions(), CHANNELS);
    boolean channelsUnchanged =
        namesChannels
            ? channelsBefore != null && Objects.equals(channelsBefore.getMessage(), channelsMessage)
            : channelsBefore == null;
    if (before != null
        && Objects.equals(before.getStatus(), valid ? Conditions.TRUE : Conditions.FALSE)
        && Objects.equals(before.getMessage(), message)
        && Objects.equals(current.observedGeneration(), generation)
        && channelsUnchanged) {
      return done;
    }
    AgentPolicy copy = new AgentPolicy();
    copy.setMetadata(policy.getMetadata());
    copy.setSpec(policy.getSpec());
    copy.setStatus(new AgentPolicyStatus(conditions, generation));
    try {
      client.resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return UpdateControl.<AgentPolicy>noUpdate().rescheduleAfter(Duration.ofMillis(500));
      }
      throw e;
    }
    if (valid) {
      events.normal(policy, EventReason.PolicyReady, message);
    } else {
      events.warning(policy, EventReason.PolicyInvalid, message);
    }
    if (!missing.isEmpty()) {
      events.warning(policy, EventReason.ChannelsMissing, channelsMessage);
    }
    return done;
  }

  /** One sentence per channel the policy names that does not exist in the channel namespace. */
  private List<String> missingChannels(AgentPolicy policy) {
    List<String> missing = new java.util.ArrayList<>();
    for (PolicyChannels.Named named : PolicyChannels.named(policy.getSpec())) {
      boolean exists =
          client
                  .resources(NotificationChannel.class)
                  .inNamespace(channelNamespace)
                  .withName(named.channel())
                  .get()
              != null;
      if (!exists) {
        missing.add(
            named.where()
                + " names NotificationChannel "
                + named.channel()
                + ", which does not exist in namespace "
                + channelNamespace);
      }
    }
    return missing;
  }
}
