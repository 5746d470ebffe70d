package dev.countersign.policy;

import java.util.List;

/** Joins alternatives for messages: {@code a}, {@code a or b}, {@code a, b or c}. */
final class Words {
  private Words() {}

  static String oneOf(List<String> choices) {
    if (choices.size() <= 1) {
      return String.join("", choices);
    }
    return String.join(", ", choices.subList(0, choices.size() - 1))
        + " or "
        + choices.get(choices.size() - 1);
  }
}
