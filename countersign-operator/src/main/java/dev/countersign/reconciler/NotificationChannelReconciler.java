package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannelStatus;
import dev.countersign.audit.EventReason;
import dev.countersign.audit.EventRecorder;
import dev.countersign.notification.ChannelCheck;
import dev.countersign.notification.ChannelHealth;
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
 * Reports whether each NotificationChannel in the operator's namespace can deliver: {@code
 * Ready=True}, or {@code Ready=False} with the reason (ChannelMissing does not apply here;
 * SecretMissing, BadUrl, InsecureUrl, BadSigningKey, UnknownType, DeliveryFailing) and a message
 * that says exactly what is wrong. Secrets are not watched (the operator may only get the ones it
 * is told about), so each channel is looked at again every {@link #RECHECK}; the same check runs
 * before every delivery anyway.
 */
@Vetoed
@ControllerConfiguration(name = NotificationChannelReconciler.NAME)
public class NotificationChannelReconciler implements Reconciler<NotificationChannel> {
  public static final String NAME = "notificationchannel";
  public static final String READY = "Ready";
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final ChannelCheck check;
  private final ChannelHealth health;
  private final EventRecorder events;
  private final Clock clock;

  NotificationChannelReconciler(
      KubernetesClient client,
      ChannelCheck check,
      ChannelHealth health,
      EventRecorder events,
      Clock clock) {
    this.client = client;
    this.check = check;
    this.health = health;
    this.events = events;
    this.clock = clock;
  }

  /** The only namespace this controller watches: the operator's own. */
  public String namespace() {
    return check.namespace();
  }

  @Override
  public UpdateControl<NotificationChannel> reconcile(
      NotificationChannel channel, Context<NotificationChannel> context) {
    UpdateControl<NotificationChannel> again =
        UpdateControl.<NotificationChannel>noUpdate().rescheduleAfter(RECHECK);
    if (!check.namespace().equals(channel.getMetadata().getNamespace())) {
      return UpdateControl.noUpdate();
    }
    ChannelCheck.Result result = check.check(channel);
    String reason = result.reason();
    String message = result.message();
    boolean ready = result.target().isPresent();
    if (ready && health.lastFailure(channel.getMetadata().getName()).isPresent()) {
      ready = false;
      reason = "DeliveryFailing";
      message =
          "the last delivery failed: " + health.lastFailure(channel.getMetadata().getName()).get();
    }
    Long generation = channel.getMetadata().getGeneration();
    NotificationChannelStatus current =
        channel.getStatus() == null
            ? new NotificationChannelStatus(List.of(), null)
            : channel.getStatus();
    String status = ready ? Conditions.TRUE : Conditions.FALSE;
    Condition before = Conditions.find(current.conditions(), READY);
    if (before != null
        && Objects.equals(before.getStatus(), status)
        && Objects.equals(before.getReason(), reason)
        && Objects.equals(before.getMessage(), message)
        && Objects.equals(current.observedGeneration(), generation)) {
      return again;
    }
    NotificationChannel copy = new NotificationChannel();
    copy.setMetadata(channel.getMetadata());
    copy.setSpec(channel.getSpec());
    copy.setStatus(
        new NotificationChannelStatus(
            Conditions.set(
                current.conditions(), READY, status, reason, message, generation, clock.instant()),
            generation));
    try {
      client.resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return UpdateControl.<NotificationChannel>noUpdate()
            .rescheduleAfter(Duration.ofMillis(500));
      }
      throw e;
    }
    if (ready) {
      events.normal(channel, EventReason.ChannelReady, message);
    } else {
      events.warning(channel, EventReason.ChannelNotReady, reason + ": " + message);
    }
    return again;
  }
}
