package dev.countersign.testkit.apiserver.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule's {@code fieldPath}, checked against the schema and normalized as the API server does
 * ({@code cel.ValidFieldPath}): {@code .spec.replicas} or {@code ['spec'].replicas} become {@code
 * spec.replicas}, and entries of maps become {@code [key]}.
 */
final class RuleFieldPath {
  private RuleFieldPath() {}

  /** The normalized path, or an exception naming what is wrong with it. */
  static String normalize(String jsonPath, Schema schema) {
    List<String> tokens = tokenize(jsonPath);
    FieldPath path = null;
    Schema current = schema;
    for (int i = 0; i < tokens.size(); i++) {
      String tok = tokens.get(i);
      String name;
      if (tok.equals("[")) {
        if (++i >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        tok = tokens.get(i);
        if (tok.length() < 2 || !tok.startsWith("'") || !tok.endsWith("'")) {
          throw new IllegalArgumentException("expected single quoted string but got " + tok);
        }
        name = unescape(tok.substring(1, tok.length() - 1));
        if (++i >= tokens.size() || !tokens.get(i).equals("]")) {
          throw new IllegalArgumentException("expected ] in JSON path");
        }
      } else if (tok.equals(".")) {
        if (++i >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        name = tokens.get(i);
      } else {
        throw new IllegalArgumentException("expected [ or . but got: " + tok);
      }
      if (current.properties != null) {
        current = current.properties.get(name);
        if (current == null) {
          throw new IllegalArgumentException("does not refer to a valid field");
        }
        path = FieldPath.child(path, name);
      } else if (current.additionalProperties != null) {
        current = current.additionalProperties;
        path = FieldPath.key(path, name);
      } else {
        throw new IllegalArgumentException("does not refer to a valid field");
      }
    }
    return FieldPath.render(path);
  }

  private static List<String> tokenize(String s) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        int j = i + 1;
        while (j < s.length() && !(s.charAt(j) == '\'' && s.charAt(j - 1) != '\\')) {
          j++;
        }
        tokens.add(s.substring(i, Math.min(j + 1, s.length())));
        i = j + 1;
      } else if (c == '.' || c == '[' || c == ']') {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length() && ".[]".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        tokens.add(s.substring(i, j));
        i = j;
      }
    }
    return tokens;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        b.append(c);
        continue;
      }
      char d = s.charAt(++i);
      b.append(
          switch (d) {
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            case '\'' -> '\'';
            case '\\' -> '\\';
            default -> throw new IllegalArgumentException("invalid escape char \\" + d);
          });
    }
    return b.toString();
  }
}
