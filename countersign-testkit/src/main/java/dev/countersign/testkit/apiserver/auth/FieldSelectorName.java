package dev.countersign.testkit.apiserver.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The object name a field selector requires ({@code metadata.name=NAME}), which the API server
 * treats as the name of a list or watch request (k8s.io/apimachinery/pkg/fields).
 */
final class FieldSelectorName {

  private static final String[] OPERATORS = {"!=", "==", "="};

  private FieldSelectorName() {}

  /**
   * The value an exact {@code metadata.name} term requires, if the selector has one and the value
   * can be a path segment.
   *
   * @throws IllegalArgumentException if the selector does not parse
   */
  static Optional<String> of(String selector) {
    List<String> terms = splitTerms(selector);
    Collections.sort(terms);
    Optional<String> name = Optional.empty();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      String[] split = splitTerm(term);
      if (split == null) {
        throw new IllegalArgumentException(
            "invalid selector: '" + selector + "'; can't understand '" + term + "'");
      }
      String value = unescape(split[2]);
      if (name.isEmpty() && split[0].equals("metadata.name") && !split[1].equals("!=")) {
        name = Optional.of(value);
      }
    }
    return name.filter(FieldSelectorName::isPathSegmentName);
  }

  private static boolean isPathSegmentName(String name) {
    return !name.equals(".") && !name.equals("..") && !name.contains("/") && !name.contains("%");
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector.isEmpty()) {
      return terms;
    }
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /** {lhs, operator, rhs} split at the first operator, or null. */
  private static String[] splitTerm(String term) {
    for (int i = 0; i < term.length(); i++) {
      for (String op : OPERATORS) {
        if (term.startsWith(op, i)) {
          return new String[] {term.substring(0, i), op, term.substring(i + op.length())};
        }
      }
    }
    return null;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean inSlash = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new IllegalArgumentException("invalid escape sequence: \\" + c);
        }
        out.append(c);
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        throw new IllegalArgumentException("invalid field selector: unescaped " + c);
      } else {
        out.append(c);
      }
    }
    if (inSlash) {
      throw new IllegalArgumentException("invalid escape sequence: \\");
    }
    return out.toString();
  }
}
