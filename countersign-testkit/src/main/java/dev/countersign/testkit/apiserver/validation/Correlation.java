package dev.countersign.testkit.apiserver.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A new value and the old value it corresponds to on an update, as the API server correlates them
 * for validation ratcheting ({@code k8s.io/apiserver/pkg/cel/common.CorrelatedObject}): object
 * fields by name, map entries by key, and list items only in {@code x-kubernetes-list-type: map}
 * lists, by their keys. Errors in a part of the object that did not change are not reported.
 */
final class Correlation {
  private final Object value;
  private final Object oldValue;
  private final Schema schema;
  private final Map<Object, Correlation> children = new HashMap<>();
  private Boolean equal;

  Correlation(Object value, Object oldValue, Schema schema) {
    this.value = value;
    this.oldValue = oldValue;
    this.schema = schema;
  }

  /** Whether the new value deep-equals the old one (cached). */
  boolean deepEqual() {
    if (equal == null) {
      equal = computeEqual();
    }
    return equal;
  }

  /**
   * Whether errors of a node with this correlation, or whose nearest correlated ancestor it is, are
   * ratcheted.
   */
  static boolean ratchets(Correlation c) {
    return c != null && c.deepEqual();
  }

  /** The correlation of a field or map entry present in both values, or {@code null}. */
  Correlation key(String field) {
    if (schema == null) {
      return null;
    }
    if (children.containsKey(field)) {
      return children.get(field);
    }
    Map<String, Object> newMap = PlainJson.asMap(value);
    Map<String, Object> oldMap = PlainJson.asMap(oldValue);
    if (newMap == null || oldMap == null) {
      return null;
    }
    if (!newMap.containsKey(field) || !oldMap.containsKey(field)) {
      return null;
    }
    Schema child = null;
    if (schema.properties != null && schema.properties.containsKey(field)) {
      child = schema.properties.get(field);
    } else if (schema.additionalProperties != null) {
      child = schema.additionalProperties;
    }
    if (child == null) {
      return null;
    }
    Correlation c = new Correlation(newMap.get(field), oldMap.get(field), child);
    children.put(field, c);
    return c;
  }

  /** The correlation of a list item, found only in list-type map lists, or {@code null}. */
  Correlation index(int i) {
    if (schema == null) {
      return null;
    }
    if (children.containsKey(i)) {
      return children.get(i);
    }
    List<Object> newList = PlainJson.asList(value);
    List<Object> oldList = PlainJson.asList(oldValue);
    if (newList == null || oldList == null || newList.size() <= i) {
      return null;
    }
    if (!schema.listType.equals("map") || schema.items == null) {
      return null;
    }
    Object old = MapList.find(schema, oldList, newList.get(i));
    if (old == null) {
      return null;
    }
    Correlation c = new Correlation(newList.get(i), old, schema.items);
    children.put(i, c);
    return c;
  }

  private boolean computeEqual() {
    if (value == null && oldValue == null) {
      return true;
    }
    if (value == null || oldValue == null) {
      return false;
    }
    List<Object> newList = PlainJson.asList(value);
    List<Object> oldList = PlainJson.asList(oldValue);
    Map<String, Object> newMap = PlainJson.asMap(value);
    Map<String, Object> oldMap = PlainJson.asMap(oldValue);
    if ((newList == null) != (oldList == null) || (newMap == null) != (oldMap == null)) {
      return false;
    }
    if (newList != null) {
      if (newList.size() != oldList.size()) {
        return false;
      }
      for (int i = 0; i < newList.size(); i++) {
        Correlation child = index(i);
        if (child == null) {
          return !schema.listType.equals("map") && Objects.equals(newList, oldList);
        }
        if (!child.deepEqual()) {
          return false;
        }
      }
      return true;
    }
    if (newMap != null) {
      if (newMap.size() != oldMap.size()) {
        return false;
      }
      for (String k : newMap.keySet()) {
        Correlation child = key(k);
        if (child == null || !child.deepEqual()) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(value, oldValue);
  }
}
