package dev.countersign.testkit.apiserver.validation;

import java.util.List;

/**
 * The API server's size estimator for CRD rules ({@code sizeEstimator} in apiextensions-apiserver's
 * {@code compilation.go}): walks a path like {@code [self, kinds, @items]} from the rule's node
 * type and returns {@code [0, maxElements]} of what it reaches. The first path element (the
 * variable) is skipped, whatever it is.
 */
final class SchemaSizer {
  private final DeclType root;

  SchemaSizer(DeclType root) {
    this.root = root;
  }

  SizeEstimate estimateSize(List<String> path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    DeclType current = root;
    for (String name : path.subList(1, path.size())) {
      switch (name) {
        case "@items", "@values" -> {
          if (current.elem == null) {
            return null;
          }
          current = current.elem;
        }
        case "@keys" -> {
          if (current.kind != DeclType.Kind.MAP) {
            return null;
          }
          current = DeclType.MAP_KEY;
        }
        default -> {
          DeclType field = current.fields.get(name);
          if (field == null) {
            return null;
          }
          current = field;
        }
      }
    }
    return new SizeEstimate(0, current.maxElements);
  }
}
