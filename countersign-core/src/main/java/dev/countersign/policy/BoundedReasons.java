package dev.countersign.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a decision's reasons short enough for an object's status: at most {@link #MAX} entries,
 * then one {@code ... and N more}.
 */
final class BoundedReasons {
  static final int MAX = 20;

  private BoundedReasons() {}

  static List<String> of(List<String> reasons) {
    if (reasons.size() <= MAX) {
      return List.copyOf(reasons);
    }
    List<String> bounded = new ArrayList<>(reasons.subList(0, MAX));
    bounded.add("... and " + (reasons.size() - MAX) + " more");
    return bounded;
  }
}
