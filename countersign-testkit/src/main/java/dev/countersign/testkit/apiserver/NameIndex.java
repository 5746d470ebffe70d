package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the mock server's store grouped by resource plural, namespace and name, so that a
 * query naming one object looks at the few keys that can match it instead of at all of them.
 *
 * <p>Each group lists its keys in the store's own order (the insertion order of its {@code
 * LinkedHashMap}): {@link #add} appends a key that is new and leaves one already present where it
 * is, as {@code put} does; {@link #remove} drops it. So the first candidate that matches a query is
 * the entry a full scan of the store would find first.
 *
 * <p>Not thread-safe: the dispatcher that owns it guards it with its lock.
 */
final class NameIndex {
  private static final String PLURAL = "plural";
  private static final String NAMESPACE = "namespace";
  private static final String NAME = "name";

  /**
   * The mock's {@link Value} treats "*" as equal to anything; such keys or queries are not indexed.
   */
  private static final String ANY = "*";

  /** A group of keys; {@code namespace} is null for the group of every namespace (and none). */
  private record Slot(String plural, String namespace, String name) {}

  private final Map<Slot, Set<AttributeSet>> byNamespace = new HashMap<>();
  private final Map<Slot, Set<AttributeSet>> acrossNamespaces = new HashMap<>();

  /**
   * Keys this index cannot place, because their plural, namespace or name is a wildcard or has
   * several values. While there is one, {@link #candidates} declines every query.
   */
  private final Set<AttributeSet> unplaceable = new HashSet<>();

  /** Records a key that the store now holds (appended if new, left in place if already there). */
  void add(AttributeSet key) {
    String plural = single(key.getAttribute(PLURAL));
    String name = single(key.getAttribute(NAME));
    if (key.getAttribute(PLURAL) == null || key.getAttribute(NAME) == null) {
      return; // without a plural and a name it never matches a query that names an object
    }
    Attribute namespaceAttribute = key.getAttribute(NAMESPACE);
    String namespace = namespaceAttribute == null ? null : single(namespaceAttribute);
    if (plural == null || name == null || (namespaceAttribute != null && namespace == null)) {
      unplaceable.add(key);
      return;
    }
    byNamespace
        .computeIfAbsent(new Slot(plural, namespace, name), slot -> new LinkedHashSet<>())
        .add(key);
    acrossNamespaces
        .computeIfAbsent(new Slot(plural, null, name), slot -> new LinkedHashSet<>())
        .add(key);
  }

  /** Forgets a key that the store no longer holds. */
  void remove(AttributeSet key) {
    if (unplaceable.remove(key)) {
      return;
    }
    String plural = single(key.getAttribute(PLURAL));
    String name = single(key.getAttribute(NAME));
    if (plural == null || name == null) {
      return;
    }
    Attribute namespaceAttribute = key.getAttribute(NAMESPACE);
    String namespace = namespaceAttribute == null ? null : single(namespaceAttribute);
    removeFrom(byNamespace, new Slot(plural, namespace, name), key);
    removeFrom(acrossNamespaces, new Slot(plural, null, name), key);
  }

  void clear() {
    byNamespace.clear();
    acrossNamespaces.clear();
    unplaceable.clear();
  }

  /**
   * The keys that may match {@code query}, in store order; each still has to be confirmed with
   * {@code key.matches(query)}. Null when the index cannot answer: the query does not name one
   * object of one plural (exactly, not by selector or wildcard), or some stored key is unplaceable.
   */
  Collection<AttributeSet> candidates(AttributeSet query) {
    if (!unplaceable.isEmpty()) {
      return null;
    }
    String plural = exact(query.getAttribute(PLURAL));
    String name = exact(query.getAttribute(NAME));
    if (plural == null || name == null) {
      return null;
    }
    Attribute namespaceAttribute = query.getAttribute(NAMESPACE);
    Map<Slot, Set<AttributeSet>> groups = byNamespace;
    String namespace = null;
    if (namespaceAttribute == null) {
      groups = acrossNamespaces; // a path without a namespace matches objects in any namespace
    } else {
      namespace = exact(namespaceAttribute);
      if (namespace == null) {
        return null;
      }
    }
    Set<AttributeSet> group = groups.get(new Slot(plural, namespace, name));
    return group == null ? List.of() : group;
  }

  private static void removeFrom(Map<Slot, Set<AttributeSet>> groups, Slot slot, AttributeSet key) {
    Set<AttributeSet> group = groups.get(slot);
    if (group != null && group.remove(key) && group.isEmpty()) {
      groups.remove(slot);
    }
  }

  /** The attribute's one value, or null if it is absent, multi-valued or a wildcard. */
  private static String single(Attribute attribute) {
    if (attribute == null || attribute.getValues().size() != 1) {
      return null;
    }
    Value value = attribute.getValues().get(0);
    String text = value == null ? null : value.toString();
    return text == null || text.equals(ANY) ? null : text;
  }

  /** As {@link #single}, for a query attribute that must hold exactly that value. */
  private static String exact(Attribute attribute) {
    return attribute == null || attribute.getType() != AttributeType.WITH
        ? null
        : single(attribute);
  }
}
