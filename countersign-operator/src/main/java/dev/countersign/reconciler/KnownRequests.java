package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.Map;

/**
 * The ActionRequests in the informer's cache that budgets, cooldowns and target locks are computed
 * from (cluster state, so that an operator restart resets none of them), found through indexes on
 * the cache rather than by reading every request: a decision then costs the same whether the
 * cluster holds ten requests or a hundred thousand.
 */
public final class KnownRequests {
  static final String STARTED = "countersign.dev/started";
  static final String TARGET = "countersign.dev/target";
  private static final String YES = "yes";

  private final IndexedResourceCache<ActionRequest> cache;

  KnownRequests(IndexedResourceCache<ActionRequest> cache) {
    this.cache = cache;
  }

  /** Adds the indexes to the reconciler's cache; before the informer starts. */
  static void index(IndexerResourceCache<ActionRequest> cache) {
    cache.addIndexers(
        Map.of(
            STARTED,
            r -> startedExecuting(r) ? List.of(YES) : List.of(),
            TARGET,
            r ->
                r.getSpec() == null || r.getSpec().target() == null ? List.of() : List.of(key(r))));
  }

  /** Every request that started executing: the history budgets and cooldowns count. */
  public List<ActionRequest> started() {
    return cache.byIndex(STARTED, YES);
  }

  /** Every request on the same target as {@code request}, itself included. */
  public List<ActionRequest> onTarget(ActionRequest request) {
    return cache.byIndex(TARGET, key(request));
  }

  /** The target as namespace/kind/name. */
  static String key(ActionRequest request) {
    var target = request.getSpec().target();
    return request.getMetadata().getNamespace() + "/" + target.kind() + "/" + target.name();
  }

  private static boolean startedExecuting(ActionRequest request) {
    return request.getStatus() != null
        && request.getStatus().execution() != null
        && request.getStatus().execution().startedAt() != null;
  }
}
