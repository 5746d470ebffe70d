package dev.countersign.policy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A change freeze in force: which policy and window, and when it ends.
 *
 * @param policy the policy that declares the window
 * @param window the window
 * @param endsAt when the freeze ends
 */
public record ActiveFreeze(String policy, FreezeSchedule window, Instant endsAt) {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  /**
   * "change freeze weekend (0 18 * * FRI, Europe/Berlin, 62h) of policy shop-web is in effect until
   * 2025-06-02 08:00 CEST (2025-06-02T06:00:00Z)".
   */
  public String describe() {
    return "change freeze "
        + window.describe()
        + " of policy "
        + policy
        + " is in effect until "
        + LOCAL.format(endsAt.atZone(window.zone()))
        + " ("
        + endsAt
        + ")";
  }
}
