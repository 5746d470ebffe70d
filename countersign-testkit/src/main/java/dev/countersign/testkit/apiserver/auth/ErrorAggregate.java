package dev.countersign.testkit.apiserver.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The text of apimachinery's aggregate error (k8s.io/apimachinery/pkg/util/errors). */
final class ErrorAggregate {

  private ErrorAggregate() {}

  /**
   * One message as is; several deduplicated, joined with ", " and bracketed; none as "".
   *
   * @param messages the messages of the aggregated errors, in order
   */
  static String message(List<String> messages) {
    if (messages.isEmpty()) {
      return "";
    }
    if (messages.size() == 1) {
      return messages.get(0);
    }
    Set<String> seen = new LinkedHashSet<>(messages);
    String joined = String.join(", ", seen);
    return seen.size() == 1 ? joined : "[" + joined + "]";
  }
}
