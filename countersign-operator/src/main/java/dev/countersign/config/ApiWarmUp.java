package dev.countersign.config;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.kube.Patches;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The API calls of a decision, made before the operator is ready, against an address where nothing
 * can exist: a namespace whose name no namespace may have (a dot is not allowed in one), so the API
 * server answers every call Not Found and nothing is read or written. Each round reads a
 * Deployment, writes an ActionRequest's status and patches its annotations, as a decision does, on
 * four threads at once, so that the client's HTTP and TLS code is compiled and its connections are
 * open before the first real request (the offline warm-up cannot reach that code). Measured with
 * {@code LoadBench}: see docs/performance.md, "The first seconds after ready".
 *
 * <p>It stops at the first failure that is not an answer of the API server (unreachable, a timeout)
 * and at its deadline: it may make readiness later, never hold it back.
 */
final class ApiWarmUp {
  /** A namespace that cannot exist: namespace names are DNS labels, which have no dots. */
  static final String NOWHERE = "countersign.warm-up";

  static final int THREADS = 4;

  /** What the API server answered, by HTTP status code, and why the rounds ended early, if so. */
  record Answers(Map<Integer, Integer> byCode, String stoppedBecause) {
    int total() {
      return byCode.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final KubernetesClient client;

  ApiWarmUp(KubernetesClient client) {
    this.client = client;
  }

  /** Makes {@code rounds} rounds of three calls, spread over {@link #THREADS} threads. */
  Answers run(int rounds, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    Map<Integer, LongAdder> counts = new ConcurrentHashMap<>();
    AtomicReference<String> stopped = new AtomicReference<>();
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      threads.add(
          Thread.ofPlatform()
              .name("countersign-warm-up-api-" + t)
              .daemon()
              .start(
                  () -> {
                    for (int i = next.getAndIncrement();
                        i < rounds && stopped.get() == null;
                        i = next.getAndIncrement()) {
                      if (System.nanoTime() - end > 0) {
                        stopped.compareAndSet(null, "its deadline of " + deadline + " passed");
                        return;
                      }
                      round(i, counts, stopped);
                    }
                  }));
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped.compareAndSet(null, "it was interrupted");
        break;
      }
    }
    Map<Integer, Integer> byCode = new TreeMap<>();
    counts.forEach((code, count) -> byCode.put(code, count.intValue()));
    return new Answers(byCode, stopped.get());
  }

  private void round(int i, Map<Integer, LongAdder> counts, AtomicReference<String> stopped) {
    String name = "warm-up-" + i;
    List<Supplier<Object>> calls =
        List.of(
            () -> client.apps().deployments().inNamespace(NOWHERE).withName(name).get(),
            () -> client.resource(request(name)).updateStatus(),
            () ->
                Patches.merge(
                    client,
                    ActionRequest.class,
                    NOWHERE,
                    name,
                    "{\"metadata\":{\"annotations\":{\"countersign.dev/decision\":\"warm-up\"}}}"));
    for (Supplier<Object> call : calls) {
      if (stopped.get() != null) {
        return;
      }
      int code = answer(call);
      if (code == 0) {
        stopped.compareAndSet(null, "the API server could not be reached");
        return;
      }
      counts.computeIfAbsent(code, c -> new LongAdder()).increment();
    }
  }

  /** The HTTP status the call was answered with; 0 when no answer came. */
  private static int answer(Supplier<Object> call) {
    try {
      // Fabric8 answers a read of something that is not there with null.
      return call.get() == null ? 404 : 200;
    } catch (KubernetesClientException e) {
      return Math.max(e.getCode(), 0);
    }
  }

  private static ActionRequest request(String name) {
    ActionRequest request = new ActionRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(NOWHERE)
            .withName(name)
            .withResourceVersion("1")
            .build());
    request.setStatus(ActionRequestStatus.empty());
    return request;
  }
}
