package dev.countersign.mcp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentReadsTest {
  @Test
  void readsRunAtOnce() {
    // Each read waits until both have started: one after the other, the first would time out.
    CountDownLatch bothStarted = new CountDownLatch(2);
    try (ConcurrentReads reads = new ConcurrentReads()) {
      var first = reads.start(() -> meetOther(bothStarted));
      var second = reads.start(() -> meetOther(bothStarted));

      assertThat(first.get()).isTrue();
      assertThat(second.get()).isTrue();
    }
  }

  @Test
  void aRefusedReadThrowsTheClientsExceptionItself() {
    try (ConcurrentReads reads = new ConcurrentReads()) {
      var refused =
          reads.start(
              () -> {
                throw new KubernetesClientException("forbidden", 403, null);
              });

      assertThatThrownBy(refused::get)
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void closingWaitsForEveryReadStarted() throws Exception {
    AtomicBoolean finished = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    try (ConcurrentReads reads = new ConcurrentReads()) {
      reads.start(
          () -> {
            started.countDown();
            Thread.sleep(200);
            finished.set(true);
            return null;
          });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(finished).isTrue();
  }

  private static boolean meetOther(CountDownLatch bothStarted) throws InterruptedException {
    bothStarted.countDown();
    return bothStarted.await(10, TimeUnit.SECONDS);
  }
}
