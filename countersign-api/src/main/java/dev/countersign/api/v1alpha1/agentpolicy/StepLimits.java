package dev.countersign.api.v1alpha1.agentpolicy;

/** The wire form shared by every step limit: a whole number, or a whole percentage. */
public final class StepLimits {
  /** A step limit: {@code "2"} replicas or {@code "50%"} of the current replicas. */
  public static final String PATTERN = "^[0-9]{1,6}%?$";

  private StepLimits() {}
}
