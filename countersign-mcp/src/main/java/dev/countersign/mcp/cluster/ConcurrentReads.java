package dev.countersign.mcp.cluster;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Reads of the API server that do not depend on one another, started at once, each on a virtual
 * thread of its own (the client's calls block; a virtual thread waiting on one costs next to
 * nothing). A result's {@link Supplier#get} waits for it and throws what the read threw, unwrapped,
 * so that a refused call reaches the tool's error handling as it would have one after the other.
 * Closing waits for every read started, so none outlives the tool call.
 */
final class ConcurrentReads implements AutoCloseable {
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  <T> Supplier<T> start(Callable<T> read) {
    Future<T> running = threads.submit(read);
    return () -> join(running);
  }

  @Override
  public void close() {
    threads.close();
  }

  private static <T> T join(Future<T> running) {
    try {
      return running.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case RuntimeException failed -> throw failed;
        case Error failed -> throw failed;
        default -> throw new IllegalStateException("a read of the API server failed", e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the API server", e);
    }
  }
}
