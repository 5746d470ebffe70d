package dev.countersign.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sandbox's own settings, under {@code countersign.demo}. */
@ConfigMapping(prefix = "countersign.demo")
public interface DemoConfig {
  /**
   * Whether this process runs the sandbox (scene, simulated controller, kubeconfig); set by {@link
   * SandboxMain} when it starts the embedded server.
   */
  @WithDefault("false")
  boolean enabled();

  /**
   * Whether to start the embedded API server even when the kubeconfig's cluster is reachable
   * ({@code make sandbox}); read by {@link SandboxMain} before the application starts.
   */
  @WithDefault("false")
  boolean embedded();

  /** Whether to play the demo scenario first ({@code make sandbox} skips it). */
  @WithDefault("true")
  boolean play();

  /**
   * Whether to keep the sandbox running after the demo, for plain kubectl ({@code make run EXIT=1}
   * sets it to false: the process exits when the demo is over).
   */
  @WithDefault("true")
  boolean keepRunning();

  /** Where the sandbox writes its kubeconfig (relative to the working directory). */
  @WithDefault("target/sandbox/kubeconfig")
  String kubeconfig();
}
