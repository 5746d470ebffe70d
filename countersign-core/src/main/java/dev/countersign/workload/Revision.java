package dev.countersign.workload;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * One revision of a workload, numbered as {@code kubectl rollout history} numbers it, with its pod
 * template (for a Deployment without the {@code pod-template-hash} label).
 */
public record Revision(long number, PodTemplateSpec template) {}
