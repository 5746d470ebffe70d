package dev.countersign.mcp.limits;

import dev.countersign.mcp.tools.ToolError;
import dev.countersign.mcp.tools.ToolError.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-identity limits on tool calls: a rate (calls per minute, a token bucket refilled
 * continuously) and a cap on calls running at once. Kept in memory per replica: a limit protects
 * this replica's API server traffic; the cluster-wide guardrails (budgets, cooldowns) are the
 * policies', decided from cluster state. Written here rather than taken from a library because it
 * is two counters per identity and must name the limit it enforces in the error.
 */
public final class CallerLimits {
  private final int perMinute;
  private final int maxInFlight;
  private final Clock clock;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  public CallerLimits(int perMinute, int maxInFlight, Clock clock) {
    this.perMinute = perMinute;
    this.maxInFlight = maxInFlight;
    this.clock = clock;
  }

  private static final class State {
    double tokens;
    Instant refilled;
    int inFlight;

    State(double tokens, Instant refilled) {
      this.tokens = tokens;
      this.refilled = refilled;
    }
  }

  /** A permit for one call; closing it ends the call. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes a permit for {@code identity}, or throws the 429-style error naming the limit hit. */
  public Permit acquire(String identity) {
    Instant now = clock.instant();
    State state = states.computeIfAbsent(identity, k -> new State(perMinute, now));
    synchronized (state) {
      double elapsed = Duration.between(state.refilled, now).toNanos() / 1e9;
      state.tokens = Math.min(perMinute, state.tokens + elapsed * perMinute / 60.0);
      state.refilled = now;
      if (state.inFlight >= maxInFlight) {
        throw new ToolError(
            Kind.TooManyInFlight,
            "429 Too Many Requests: "
                + identity
                + " already has "
                + state.inFlight
                + " calls running (limit mcp.maxInFlight="
                + maxInFlight
                + "); wait for one to finish");
      }
      if (state.tokens < 1) {
        long retry = (long) Math.ceil((1 - state.tokens) * 60.0 / perMinute);
        throw new ToolError(
            Kind.RateLimited,
            "429 Too Many Requests: "
                + identity
                + " made more than "
                + perMinute
                + " calls per minute (limit mcp.callsPerMinute="
                + perMinute
                + "); retry in "
                + Math.max(1, retry)
                + "s");
      }
      state.tokens -= 1;
      state.inFlight++;
    }
    return () -> {
      synchronized (state) {
        state.inFlight--;
      }
    };
  }
}
