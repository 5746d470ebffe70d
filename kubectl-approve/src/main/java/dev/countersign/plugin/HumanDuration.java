package dev.countersign.plugin;

import java.time.Duration;

/** Durations as kubectl prints ages: {@code 45s}, {@code 5m12s}, {@code 3h}, {@code 2d4h}. */
final class HumanDuration {
  private HumanDuration() {}

  static String format(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
    }
    return days + "d";
  }
}
