package dev.countersign.testkit.apiserver.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A URL query string parsed as Go's url.ParseQuery does (pairs with a semicolon or a bad escape are
 * dropped; {@code +} is a space).
 *
 * @param values each key's values, in order
 */
record QueryParameters(Map<String, List<String>> values) {

  static QueryParameters parse(String rawQuery) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty() || pair.contains(";")) {
          continue;
        }
        int equals = pair.indexOf('=');
        String rawKey = equals < 0 ? pair : pair.substring(0, equals);
        String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
        Optional<String> key = unescape(rawKey, true);
        Optional<String> value = unescape(rawValue, true);
        if (key.isPresent() && value.isPresent()) {
          values.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(value.get());
        }
      }
    }
    return new QueryParameters(values);
  }

  /** The first value of a key (Go's url.Values.Get), empty if the key is absent. */
  Optional<String> first(String key) {
    List<String> list = values.get(key);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  /**
   * Percent-decodes a URL component; empty if an escape is malformed.
   *
   * @param plusIsSpace whether {@code +} means a space (query components)
   */
  static Optional<String> unescape(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return Optional.of(s);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '%') {
        if (i + 2 >= raw.length) {
          return Optional.empty();
        }
        int high = Character.digit(raw[i + 1], 16);
        int low = Character.digit(raw[i + 2], 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (b == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        bytes.write(b);
      }
    }
    return Optional.of(bytes.toString(StandardCharsets.UTF_8));
  }
}
