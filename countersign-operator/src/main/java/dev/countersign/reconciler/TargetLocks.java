package dev.countersign.reconciler;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one executing request per target. A target is held by the request that claimed it here,
 * or by any request the cluster shows as Executing on it (which covers a restarted operator: the
 * in-memory claims are gone but the Executing phase is not).
 */
public class TargetLocks {
  private final Map<String, String> holders = new ConcurrentHashMap<>();

  /**
   * Claims the request's target, or returns the name of the request that holds it. {@code known}
   * are the requests on the same target (or more), as the cache sees them.
   */
  public synchronized Optional<String> claim(
      ActionRequest request, Collection<ActionRequest> known) {
    String key = KnownRequests.key(request);
    String uid = request.getMetadata().getUid();
    Optional<String> executing =
        known.stream()
            .filter(other -> !uid.equals(other.getMetadata().getUid()))
            .filter(other -> other.phase() == Phase.Executing)
            .filter(other -> key.equals(KnownRequests.key(other)))
            .map(other -> other.getMetadata().getName())
            .findFirst();
    if (executing.isPresent()) {
      return executing;
    }
    String holder =
        holders.compute(key, (k, current) -> stillHolds(current, known) ? current : uid);
    if (holder.equals(uid)) {
      return Optional.empty();
    }
    return known.stream()
        .filter(other -> holder.equals(other.getMetadata().getUid()))
        .map(other -> other.getMetadata().getName())
        .findFirst();
  }

  /** A claim lapses when its request is gone (deleted) or has ended. */
  private static boolean stillHolds(String holder, Collection<ActionRequest> known) {
    return holder != null
        && known.stream()
            .anyMatch(
                other ->
                    holder.equals(other.getMetadata().getUid()) && !other.phase().isTerminal());
  }

  /** Releases the request's claim, if it holds one. */
  public void release(ActionRequest request) {
    if (request.getSpec() != null && request.getSpec().target() != null) {
      holders.remove(KnownRequests.key(request), request.getMetadata().getUid());
    }
  }
}
