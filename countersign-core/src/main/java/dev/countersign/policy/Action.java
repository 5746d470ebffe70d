package dev.countersign.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The actions Countersign performs. Adding an action means adding a value here (and an executor
 * elsewhere); the validators pick it up from this list.
 */
public enum Action {
  SCALE("scale"),
  RESTART("restart"),
  ROLLBACK("rollback");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in ActionRequest and AgentPolicy specs, e.g. {@code scale}. */
  public String wireName() {
    return wireName;
  }

  /** The action with this wire name, if there is one. */
  public static Optional<Action> of(String wireName) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(wireName)).findFirst();
  }

  /** The wire names in words, for messages: {@code scale, restart or rollback}. */
  public static String choices() {
    return Words.oneOf(Arrays.stream(values()).map(Action::wireName).toList());
  }

  /** The message for an action that is not one of these. */
  static String unsupported(String wireName) {
    return "action " + ObjectName.quoted(wireName) + " is not supported; use " + choices();
  }
}
