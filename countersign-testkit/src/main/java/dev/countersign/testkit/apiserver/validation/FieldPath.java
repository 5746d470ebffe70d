package dev.countersign.testkit.apiserver.validation;

/**
 * A field path as {@code k8s.io/apimachinery/pkg/util/validation/field.Path} renders it: {@code
 * spec.rules[0].action} for fields and indices, {@code spec.selector.matchLabels[app]} for map
 * keys. The API server's root path is Go's {@code nil}, which renders as {@code <nil>}; here that
 * is a Java {@code null}, rendered by {@link #render(FieldPath)}.
 */
record FieldPath(FieldPath parent, String name, String index) {

  /** A path of one field name under a possibly {@code null} parent. */
  static FieldPath child(FieldPath parent, String name) {
    return new FieldPath(parent, name, null);
  }

  /** {@code parent.Index(i)}; a {@code null} parent renders as just {@code [i]}. */
  static FieldPath index(FieldPath parent, int i) {
    return new FieldPath(parent, null, Integer.toString(i));
  }

  /** {@code parent.Key(key)}. */
  static FieldPath key(FieldPath parent, String key) {
    return new FieldPath(parent, null, key);
  }

  /** {@code Path.String()}, including Go's {@code <nil>} for the root. */
  static String render(FieldPath path) {
    return path == null ? "<nil>" : path.toString();
  }

  @Override
  public String toString() {
    String prefix = parent == null ? "" : parent.toString();
    if (name != null) {
      return parent == null || name.isEmpty() ? prefix + name : prefix + "." + name;
    }
    return prefix + "[" + index + "]";
  }
}
