package dev.countersign.testkit.apiserver.validation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's text formatting of values, as the API server's messages print them: {@code %v} of numbers,
 * {@code %q} ({@code strconv.Quote}) of strings and {@code encoding/json} of anything else (sorted
 * map keys, HTML characters escaped, Go's float layout).
 */
final class GoFormat {
  private GoFormat() {}

  /** {@code fmt.Sprintf("%v", v)} for a Go int64, float64 or bool. */
  static String value(Object v) {
    if (v instanceof Double d) {
      return floatV(d);
    }
    return String.valueOf(v);
  }

  /** {@code strconv.Quote(s)}. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                  if (c < ' ' || c == 0x7f) {
                    b.append(String.format("\\x%02x", c));
                  } else if (isPrint(c)) {
                    b.appendCodePoint(c);
                  } else if (c < 0x10000) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.append(String.format("\\U%08x", c));
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  /** {@code json.Marshal(v)} of a plain JSON value. */
  static String json(Object v) {
    StringBuilder b = new StringBuilder();
    appendJson(b, v);
    return b.toString();
  }

  /** Appends {@code json.Marshal(v)}. */
  static void appendJson(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      appendJsonString(b, s);
    } else if (v instanceof Double d) {
      b.append(floatJson(d));
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        appendJsonString(b, (String) e.getKey());
        b.append(':');
        appendJson(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        appendJson(b, list.get(i));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }
  }

  /** A JSON string as Go's encoder writes it, with HTML-safe escaping. */
  static void appendJsonString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < ' ') {
            b.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)))) {
            b.append("\\ufffd");
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** {@code fmt.Sprintf("%v", f)} for a float64: shortest digits, %e when exp < -4 or >= 6. */
  static String floatV(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    Digits d = Digits.of(f);
    int exp = d.dp() - 1;
    if (d.digits().isEmpty()) {
      return d.sign() + "0";
    }
    if (exp < -4 || exp >= 6) {
      return d.sign() + d.eFormat();
    }
    return d.sign() + d.fFormat();
  }

  /** Go's {@code encoding/json} layout of a float64. */
  static String floatJson(double f) {
    Digits d = Digits.of(f);
    if (d.digits().isEmpty()) {
      return d.sign() + "0";
    }
    double abs = Math.abs(f);
    if (abs < 1e-6 || abs >= 1e21) {
      String e = d.eFormat();
      // Go cleans up e-09 to e-9.
      int n = e.length();
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        e = e.substring(0, n - 2) + e.charAt(n - 1);
      }
      return d.sign() + e;
    }
    return d.sign() + d.fFormat();
  }

  private static boolean isPrint(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** The shortest decimal digits of a float64 and the position of its decimal point. */
  private record Digits(String sign, String digits, int dp) {
    static Digits of(double f) {
      String sign = (f < 0 || (f == 0 && 1 / f < 0)) ? "-" : "";
      double abs = Math.abs(f);
      if (abs == 0) {
        return new Digits(sign, "", 0);
      }
      BigDecimal bd = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
      String digits = bd.unscaledValue().toString();
      return new Digits(sign, digits, digits.length() - bd.scale());
    }

    String eFormat() {
      StringBuilder b = new StringBuilder().append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      int exp = dp - 1;
      b.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        b.append('0');
      }
      return b.append(abs).toString();
    }

    String fFormat() {
      StringBuilder b = new StringBuilder();
      if (dp <= 0) {
        b.append("0.");
        b.append("0".repeat(-dp));
        b.append(digits);
      } else if (dp >= digits.length()) {
        b.append(digits).append("0".repeat(dp - digits.length()));
      } else {
        b.append(digits, 0, dp).append('.').append(digits, dp, digits.length());
      }
      return b.toString();
    }
  }
}
