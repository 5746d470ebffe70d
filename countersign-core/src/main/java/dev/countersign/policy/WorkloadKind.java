package dev.countersign.policy;

import java.util.Arrays;
import java.util.Optional;

/** The workload kinds Countersign changes. */
public enum WorkloadKind {
  DEPLOYMENT("Deployment"),
  STATEFUL_SET("StatefulSet");

  private final String kind;

  WorkloadKind(String kind) {
    this.kind = kind;
  }

  /** The Kubernetes kind, e.g. {@code Deployment}. */
  public String kind() {
    return kind;
  }

  /** The workload kind with this Kubernetes kind, if it is supported. */
  public static Optional<WorkloadKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** The message for a kind that is not supported. */
  static String unsupported(String kind) {
    return "kind "
        + (kind != null && kind.matches("[A-Za-z]{1,63}") ? kind : ObjectName.quoted(kind))
        + " is not supported; use "
        + Words.oneOf(Arrays.stream(values()).map(WorkloadKind::kind).toList());
  }
}
