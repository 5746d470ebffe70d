package dev.countersign.plugin;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work started on its own daemon thread, so that it overlaps what the command does meanwhile and
 * never keeps the JVM alive. (A short command needs no pool: a thread per task, a few per run.)
 */
final class DaemonTask {
  private DaemonTask() {}

  /** Starts {@code work} now; the future completes with its result or what it threw. */
  static <T> CompletableFuture<T> start(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }
}
