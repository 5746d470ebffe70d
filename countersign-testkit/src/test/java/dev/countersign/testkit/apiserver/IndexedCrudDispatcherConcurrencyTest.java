package dev.countersign.testkit.apiserver;

import static dev.countersign.testkit.apiserver.IndexedCrudDispatcherTest.configMap;
import static dev.countersign.testkit.apiserver.IndexedCrudDispatcherTest.configMaps;
import static dev.countersign.testkit.apiserver.TwinStores.JSON;
import static dev.countersign.testkit.apiserver.TwinStores.MERGE_PATCH;
import static dev.countersign.testkit.apiserver.TwinStores.answer;
import static dev.countersign.testkit.apiserver.TwinStores.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Readers never see a gap: while writers keep re-keying objects (a label patch makes the store
 * remove the old key and put a new one) and creating and deleting others, every lookup of an object
 * that exists throughout finds it.
 */
class IndexedCrudDispatcherConcurrencyTest {
  private static final String NAMESPACE = "busy";
  private static final int STEADY = 20;
  private static final int WRITERS = 3;
  private static final int READERS = 3;
  private static final int WRITES_EACH = 400;
  private static final int READS_EACH = 4_000;

  private final IndexedCrudDispatcher store = new IndexedCrudDispatcher();

  @Test
  void concurrentReadersNeverMissAnObjectThatExistsThroughout() throws Exception {
    for (int i = 0; i < STEADY; i++) {
      assertThat(create("steady-" + i)).isEqualTo(201);
    }
    ConcurrentLinkedQueue<String> misses = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failedWrites = new ConcurrentLinkedQueue<>();
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    List<Future<?>> work = new ArrayList<>();
    try {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        work.add(pool.submit(() -> write(writer, start, failedWrites)));
      }
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        work.add(pool.submit(() -> read(reader, start, misses, reads)));
      }
      start.countDown();
      for (Future<?> done : work) {
        done.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(misses).as("lookups of objects that exist throughout").isEmpty();
    assertThat(failedWrites).as("writes that did not succeed").isEmpty();
    assertThat(reads.get()).isEqualTo(READERS * READS_EACH * 2);
    TwinStores.assertIndexAgreesWithScan(store);
  }

  private void write(int writer, CountDownLatch start, ConcurrentLinkedQueue<String> failed) {
    await(start);
    for (int i = 0; i < WRITES_EACH; i++) {
      String steady = configMap(NAMESPACE, "steady-" + (i * WRITERS + writer) % STEADY);
      String labels = "{\"metadata\":{\"labels\":{\"round\":\"w" + writer + "-" + i + "\"}}}";
      expect(send(HttpMethod.PATCH, steady, MERGE_PATCH, labels), 202, "patch " + steady, failed);
      String churn = "churn-" + writer + "-" + i;
      expect(create(churn), 201, "create " + churn, failed);
      expect(
          send(HttpMethod.DELETE, configMap(NAMESPACE, churn), null, null),
          200,
          "delete " + churn,
          failed);
    }
  }

  private void read(
      int reader, CountDownLatch start, ConcurrentLinkedQueue<String> misses, AtomicInteger reads) {
    await(start);
    for (int i = 0; i < READS_EACH; i++) {
      String name = "steady-" + (i * READERS + reader) % STEADY;
      int code = send(HttpMethod.GET, configMap(NAMESPACE, name), null, null);
      if (code != 200) {
        misses.add("GET " + name + " answered " + code);
      }
      if (store.findResource(TwinStores.named("configmaps", NAMESPACE, name)) == null) {
        misses.add("findResource " + name + " found nothing");
      }
      reads.addAndGet(2);
    }
  }

  private int create(String name) {
    return send(
        HttpMethod.POST,
        configMaps(NAMESPACE),
        JSON,
        Serialization.asJson(configMap(NAMESPACE, name, Map.of())));
  }

  private int send(HttpMethod method, String path, String contentType, String body) {
    return answer(store.dispatch(request(method, path, contentType, body))).code();
  }

  private static void expect(int code, int wanted, String what, ConcurrentLinkedQueue<String> log) {
    if (code != wanted) {
      log.add(what + " answered " + code);
    }
  }

  private static void await(CountDownLatch start) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
