package dev.countersign.policy;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;

/**
 * An AgentPolicy as read from the cluster.
 *
 * @param name the policy's name (AgentPolicy is cluster-scoped)
 * @param generation the {@code metadata.generation} that was read, recorded in the decision
 * @param spec the policy's spec
 */
public record PolicySnapshot(String name, long generation, AgentPolicySpec spec) {}
