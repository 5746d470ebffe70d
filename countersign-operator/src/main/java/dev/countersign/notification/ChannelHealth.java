package dev.countersign.notification;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the last delivery to each channel went, as this operator saw it: the channel reconciler turns
 * a failing one into {@code Ready=False, reason DeliveryFailing}. Memory only: after a restart a
 * channel is Ready until a delivery fails again.
 */
public final class ChannelHealth {
  private final Map<String, String> lastError = new ConcurrentHashMap<>();

  /** Records the last delivery to {@code channel}: null error for a success. */
  void report(String channel, String error) {
    if (error == null) {
      lastError.remove(channel);
    } else {
      lastError.put(channel, error);
    }
  }

  /**
   * Why the last delivery to {@code channel} failed, or empty when it succeeded (or none was made).
   */
  public Optional<String> lastFailure(String channel) {
    return Optional.ofNullable(lastError.get(channel));
  }
}
