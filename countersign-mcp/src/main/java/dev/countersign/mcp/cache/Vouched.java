package dev.countersign.mcp.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the API server said yes to, remembered for a few seconds on this replica: an accepted token,
 * an access review that allowed, a target that exists. Only yes is remembered; a no is asked again
 * every time, so a fix (a binding created, a workload created) works at once, and a revocation
 * takes at most {@code ttl} to reach the door. The API server's own token authenticator and webhook
 * authorizer cache their answers the same way (10 s for tokens; 5 minutes for allowed
 * authorizations by default).
 *
 * <p>Caffeine holds it: bounded in size and time, safe under concurrent calls, and on the door's
 * clock so that tests can move time.
 *
 * @param <K> what was asked
 * @param <V> the answer, when it was yes
 */
public final class Vouched<K, V> {
  private final Cache<K, V> answers;

  public Vouched(Duration ttl, int maxEntries, Clock clock) {
    this.answers =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .maximumSize(maxEntries)
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  /** The yes remembered for {@code key}, if it is still fresh. */
  public Optional<V> known(K key) {
    return Optional.ofNullable(answers.getIfPresent(key));
  }

  /** Remembers a yes (never call it with a no). */
  public void remember(K key, V answer) {
    answers.put(key, answer);
  }
}
