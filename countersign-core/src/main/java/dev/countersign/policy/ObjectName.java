package dev.countersign.policy;

import java.util.regex.Pattern;

/**
 * Kubernetes object names as the API server accepts them for Deployments and StatefulSets (a
 * DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.'), and a safe way to echo
 * any value in a message. A name with '/', '..', '%' or '?' could otherwise address another URL
 * than the workload it claims to name, so such a target is never looked up.
 */
public final class ObjectName {
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final int MAX_LENGTH = 253;
  private static final int MAX_ECHOED = 64;

  private ObjectName() {}

  /** Whether {@code name} is a valid name for a Deployment or StatefulSet. */
  public static boolean isValid(String name) {
    return name != null
        && name.length() <= MAX_LENGTH
        && DNS_1123_SUBDOMAIN.matcher(name).matches();
  }

  /** {@code value} as it is when it is short and plain, else {@link #quoted(String) quoted}. */
  public static String shown(String value) {
    boolean plain =
        value != null
            && value.length() <= MAX_ECHOED
            && value
                .codePoints()
                .noneMatch(
                    c ->
                        Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT
                            || Character.isWhitespace(c));
    return plain ? value : quoted(value);
  }

  /**
   * {@code value} in double quotes, for a message: control and invisible formatting characters
   * (escape sequences, bidi overrides, zero-width spaces) are shown as {@code \\uXXXX}, and a long
   * value is cut short, so what a person reads is what the object says.
   */
  public static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() <= MAX_ECHOED ? value : value.substring(0, MAX_ECHOED);
    StringBuilder out = new StringBuilder("\"");
    shown
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || Character.getType(c) == Character.FORMAT
                  || c == '"'
                  || c == '\\') {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    out.append('"');
    if (shown.length() < value.length()) {
      out.append("… (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
