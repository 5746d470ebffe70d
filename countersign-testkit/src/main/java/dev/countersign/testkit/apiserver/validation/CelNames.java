package dev.countersign.testkit.apiserver.validation;

import java.util.Set;

/**
 * How the API server names schema properties in CEL ({@code k8s.io/apiserver/pkg/cel.Escape}):
 * reserved words become {@code __word__}, {@code __}, {@code .}, {@code -} and {@code /} become
 * {@code __underscores__}, {@code __dot__}, {@code __dash__} and {@code __slash__}, and names with
 * other characters (or a leading digit) are not accessible at all.
 */
final class CelNames {
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private CelNames() {}

  /** The CEL name of a property, or {@code null} when it cannot be accessed from CEL. */
  static String escape(String ident) {
    if (ident.isEmpty() || (ident.charAt(0) >= '0' && ident.charAt(0) <= '9')) {
      return null;
    }
    if (RESERVED.contains(ident)) {
      return "__" + ident + "__";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ident.length(); i++) {
      char c = ident.charAt(i);
      if (c == '_' && i + 1 < ident.length() && ident.charAt(i + 1) == '_') {
        b.append("__underscores__");
        i++;
      } else if (c == '.') {
        b.append("__dot__");
      } else if (c == '-') {
        b.append("__dash__");
      } else if (c == '/') {
        b.append("__slash__");
      } else if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_') {
        b.append(c);
      } else {
        return null;
      }
    }
    return b.toString();
  }
}
