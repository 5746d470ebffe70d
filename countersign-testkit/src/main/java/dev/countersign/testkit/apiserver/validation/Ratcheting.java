package dev.countersign.testkit.apiserver.validation;

/**
 * Where a node stands for CEL ratcheting ({@code ratchetingOptions}): its own correlation, if it
 * has one, else its nearest correlated ancestor's. A rule that is not a transition rule and fails
 * on a node whose correlation is unchanged is reported as a warning, not an error.
 *
 * @param current the node's correlation, or {@code null}
 * @param nearestParent the nearest ancestor's correlation, or {@code null}
 */
record Ratcheting(Correlation current, Correlation nearestParent) {
  static final Ratcheting NONE = new Ratcheting(null, null);

  static Ratcheting of(Correlation root) {
    return root == null ? NONE : new Ratcheting(root, null);
  }

  Ratcheting key(String field) {
    if (current == null) {
      return this;
    }
    if (nearestParent == null && (field.equals("apiVersion") || field.equals("kind"))) {
      return NONE;
    }
    return new Ratcheting(current.key(field), current);
  }

  Ratcheting index(int i) {
    if (current == null) {
      return this;
    }
    return new Ratcheting(current.index(i), current);
  }

  boolean shouldRatchet() {
    return current != null ? current.deepEqual() : Correlation.ratchets(nearestParent);
  }
}
