package dev.countersign.api.v1alpha1;

/** The API group and version every Countersign kind is served under. */
public final class ApiVersion {
  public static final String GROUP = "countersign.dev";
  public static final String VERSION = "v1alpha1";

  /** Label or annotation key in the Countersign API group, e.g. {@code countersign.dev/agent}. */
  public static String key(String name) {
    return GROUP + "/" + name;
  }

  private ApiVersion() {}
}
