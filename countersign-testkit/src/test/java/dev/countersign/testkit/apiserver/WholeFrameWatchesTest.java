package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's watches deliver events of any size to the operator's kind of client
 * (Fabric8 on Vert.x), as a real API server does: one event, one WebSocket frame. (ConfigMaps carry
 * the size: Countersign's own kinds are bounded by their schemas far below a WebSocket frame's 64
 * KiB, but a watch of any kind must not stall on a large event.)
 */
class WholeFrameWatchesTest {

  @Test
  void aWatchDeliversEventsOfAMegabyte() {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient client = api.client();
        var watch =
            client
                .configMaps()
                .inNamespace("default")
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, ConfigMap map) {
                        seen.put(map.getMetadata().getName(), map.getData().get("big").length());
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
      for (int size : new int[] {30_000, 70_000, 300_000, 1_000_000}) {
        client.resource(ofSize("big-" + size, size)).create();
      }

      Awaitility.await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsEntry("big-30000", 30_000)
                      .containsEntry("big-70000", 70_000)
                      .containsEntry("big-300000", 300_000)
                      .containsEntry("big-1000000", 1_000_000));
    }
  }

  private static ConfigMap ofSize(String name, int size) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .addToData("big", "x".repeat(size))
        .build();
  }
}
