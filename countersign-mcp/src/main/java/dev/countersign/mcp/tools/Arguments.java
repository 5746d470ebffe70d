package dev.countersign.mcp.tools;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A tool's arguments, read with the checks its input schema states, so that every wrong argument
 * gets a message naming it even when a client sends what the schema forbids. The SDK validates
 * against the schema first; this is the door's own re-check (it never trusts the client).
 */
public final class Arguments {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final String tool;
  private final Map<String, Object> values;

  public Arguments(String tool, Map<String, Object> values, Set<String> allowed) {
    this.tool = tool;
    this.values = values == null ? Map.of() : values;
    Set<String> unknown = new TreeSet<>(this.values.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw ToolError.invalid(
          tool + " does not take argument(s) " + unknown + "; it takes " + new TreeSet<>(allowed));
    }
  }

  public String requiredString(String name, int maxLength) {
    String value = optionalString(name, maxLength);
    if (value == null || value.isBlank()) {
      throw ToolError.invalid(tool + ": argument " + name + " is required");
    }
    return value;
  }

  public String optionalString(String name, int maxLength) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be a string, not " + type(value));
    }
    if (s.codePointCount(0, s.length()) > maxLength) {
      throw ToolError.invalid(
          tool + ": argument " + name + " may be at most " + maxLength + " characters");
    }
    return s;
  }

  /** A namespace name (a DNS label). */
  public String namespace(String name, boolean required) {
    String value = required ? requiredString(name, 63) : optionalString(name, 63);
    if (value != null && !DNS_LABEL.matcher(value).matches()) {
      throw ToolError.invalid(
          tool + ": argument " + name + " '" + value + "' is not a valid namespace name");
    }
    return value;
  }

  /** An object name (a DNS subdomain). */
  public String objectName(String name) {
    String value = requiredString(name, 253);
    if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      throw ToolError.invalid(
          tool + ": argument " + name + " '" + value + "' is not a valid object name");
    }
    return value;
  }

  public String oneOf(String name, List<String> choices, String fallback) {
    String value = optionalString(name, 64);
    if (value == null) {
      if (fallback == null) {
        throw ToolError.invalid(
            tool + ": argument " + name + " is required (one of " + choices + ")");
      }
      return fallback;
    }
    if (!choices.contains(value)) {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be one of " + choices + ", not '" + value + "'");
    }
    return value;
  }

  public Long optionalInteger(String name, long min, long max) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    long number;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      number = ((Number) value).longValue();
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      number = n.longValue();
    } else {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be an integer, not " + type(value));
    }
    if (number < min || number > max) {
      throw ToolError.invalid(
          tool
              + ": argument "
              + name
              + " must be between "
              + min
              + " and "
              + max
              + ", not "
              + number);
    }
    return number;
  }

  public long requiredInteger(String name, long min, long max) {
    Long value = optionalInteger(name, min, max);
    if (value == null) {
      throw ToolError.invalid(tool + ": argument " + name + " is required");
    }
    return value;
  }

  /** A nested object argument, checked with its own allowed keys. */
  @SuppressWarnings("unchecked")
  public Arguments object(String name, Set<String> allowed, boolean required) {
    Object value = values.get(name);
    if (value == null) {
      if (required) {
        throw ToolError.invalid(tool + ": argument " + name + " is required");
      }
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be an object, not " + type(value));
    }
    return new Arguments(tool + ": " + name, (Map<String, Object>) map, allowed);
  }

  public List<String> optionalStrings(String name, int maxItems, int maxLength) {
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be a list of strings, not " + type(value));
    }
    if (list.size() > maxItems) {
      throw ToolError.invalid(
          tool
              + ": argument "
              + name
              + " may have at most "
              + maxItems
              + " entries, not "
              + list.size());
    }
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw ToolError.invalid(tool + ": every entry of " + name + " must be a string");
      }
      if (s.codePointCount(0, s.length()) > maxLength) {
        throw ToolError.invalid(
            tool + ": each entry of " + name + " may be at most " + maxLength + " characters");
      }
    }
    return list.stream().map(String.class::cast).toList();
  }

  public Double optionalNumber(String name, double min, double max) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be a number, not " + type(value));
    }
    double d = n.doubleValue();
    if (d < min || d > max) {
      throw ToolError.invalid(
          tool + ": argument " + name + " must be between " + min + " and " + max + ", not " + d);
    }
    return d;
  }

  private static String type(Object value) {
    return switch (value) {
      case String s -> "a string";
      case Boolean b -> "a boolean";
      case Number n -> "a number";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "an object";
      default -> value.getClass().getSimpleName();
    };
  }
}
