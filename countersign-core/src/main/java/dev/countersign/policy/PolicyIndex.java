package dev.countersign.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every policy, validated once and indexed by action, workload kind and namespace, so that deciding
 * a request looks only at the policies that could govern it instead of scanning them all. A policy
 * with no {@code targets.namespaces} (any namespace, or a namespaceSelector) is a candidate in
 * every namespace; one with no {@code targets.kinds} for both kinds. Invalid policies are never
 * candidates: they allow nothing.
 */
public final class PolicyIndex {
  private static final Comparator<IndexedPolicy> BY_NAME =
      Comparator.comparing(IndexedPolicy::name, Comparator.nullsFirst(String::compareTo));

  private final List<IndexedPolicy> all;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Map<String, IndexedPolicy> byName = new HashMap<>();

  private PolicyIndex(List<IndexedPolicy> all) {
    this.all = all;
    for (IndexedPolicy policy : all) {
      byName.put(policy.name(), policy);
      if (policy.valid()) {
        add(policy);
      }
    }
    buckets.values().forEach(Bucket::freeze);
  }

  /** Validates and indexes these policies (null entries are skipped). */
  public static PolicyIndex of(Collection<PolicySnapshot> policies) {
    return new PolicyIndex(
        policies.stream().filter(Objects::nonNull).map(IndexedPolicy::of).sorted(BY_NAME).toList());
  }

  private void add(IndexedPolicy policy) {
    var spec = policy.snapshot().spec();
    Set<String> actions = new LinkedHashSet<>();
    spec.rules().stream().filter(Objects::nonNull).forEach(r -> actions.add(r.action()));
    List<String> kinds =
        spec.targets().kinds().isEmpty()
            ? java.util.Arrays.stream(WorkloadKind.values()).map(WorkloadKind::kind).toList()
            : spec.targets().kinds();
    for (String action : actions) {
      for (String kind : new LinkedHashSet<>(kinds)) {
        Bucket bucket = buckets.computeIfAbsent(key(action, kind), k -> new Bucket());
        if (spec.targets().namespaces().isEmpty()) {
          bucket.anyNamespace.add(policy);
        } else {
          for (String namespace : new LinkedHashSet<>(spec.targets().namespaces())) {
            bucket.byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(policy);
          }
        }
      }
    }
  }

  private static String key(String action, String kind) {
    return action + "/" + kind;
  }

  /** The valid policies that could govern this action on this kind in this namespace, by name. */
  public List<IndexedPolicy> candidates(String namespace, String kind, Action action) {
    Bucket bucket = buckets.get(key(action.wireName(), kind));
    if (bucket == null) {
      return List.of();
    }
    List<IndexedPolicy> named = bucket.byNamespace.getOrDefault(namespace, List.of());
    if (named.isEmpty()) {
      return bucket.anyNamespace;
    }
    if (bucket.anyNamespace.isEmpty()) {
      return named;
    }
    List<IndexedPolicy> merged = new ArrayList<>(named.size() + bucket.anyNamespace.size());
    merged.addAll(named);
    merged.addAll(bucket.anyNamespace);
    merged.sort(BY_NAME);
    return merged;
  }

  /** The policy with this name, if there is one. */
  public java.util.Optional<IndexedPolicy> named(String name) {
    return java.util.Optional.ofNullable(byName.get(name));
  }

  /** Every policy, valid or not, by name. */
  public List<IndexedPolicy> all() {
    return all;
  }

  /** How many policies there are. */
  public int size() {
    return all.size();
  }

  /** The policies indexed under one action and kind; lists are sorted by name (input order). */
  private static final class Bucket {
    private final Map<String, List<IndexedPolicy>> byNamespace = new HashMap<>();
    private List<IndexedPolicy> anyNamespace = new ArrayList<>();

    private void freeze() {
      anyNamespace = List.copyOf(anyNamespace);
      byNamespace.replaceAll((k, v) -> List.copyOf(v));
    }
  }
}
