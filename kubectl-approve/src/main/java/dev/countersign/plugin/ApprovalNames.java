package dev.countersign.plugin;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Names for the Approvals the plugin creates: {@code <request>-<approver>-<5 random>}, a valid
 * object name (lowercase alphanumerics and dashes, at most 253 characters).
 */
final class ApprovalNames {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX = 253;

  private ApprovalNames() {}

  static String next(String request, String approver) {
    String who = approver.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    who = who.replaceAll("^-+|-+$", "");
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String base = who.isEmpty() ? request : request + "-" + cut(who, 60);
    return cut(base, MAX - 6) + "-" + suffix;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
