package dev.countersign.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sandbox's own settings, under {@code countersign.demo}. */
@ConfigMapping(prefix = "countersign.demo")
public interface DemoConfig {
  /**
   * Whether to play the demo scenario; set by {@link SandboxMain} when it starts the embedded
   * server.
   */
  @WithDefault("false")
  boolean enabled();

  /** Whether to keep the operator running after the scenario instead of exiting. */
  @WithDefault("false")
  boolean keepRunning();
}
