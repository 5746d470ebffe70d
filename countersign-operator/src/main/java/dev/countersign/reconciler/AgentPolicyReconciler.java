package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicyStatus;
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

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  AgentPolicyReconciler(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
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
    Condition before = Conditions.find(current.conditions(), READY);
    if (before != null
        && Objects.equals(before.getStatus(), valid ? Conditions.TRUE : Conditions.FALSE)
        && Objects.equals(before.getMessage(), message)
        && Objects.equals(current.observedGeneration(), generation)) {
      return UpdateControl.noUpdate();
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
    return UpdateControl.noUpdate();
  }
}
