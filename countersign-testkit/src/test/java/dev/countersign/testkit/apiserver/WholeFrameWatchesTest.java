package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.fixtures.ActionRequests;
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
 * (Fabric8 on Vert.x), as a real API server does: one event, one WebSocket frame.
 */
class WholeFrameWatchesTest {

  @Test
  void aWatchDeliversEventsOfAMegabyteAndMore() {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient client = api.client();
        var watch =
            client
                .resources(ActionRequest.class)
                .inNamespace("default")
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, ActionRequest request) {
                        seen.put(
                            request.getMetadata().getName(),
                            request.getSpec().reasoning().summary().length());
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
      for (int size : new int[] {30_000, 70_000, 300_000, 1_100_000}) {
        client.resource(withSummaryOf(client, "big-" + size, size)).create();
      }

      Awaitility.await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsEntry("big-30000", 30_000)
                      .containsEntry("big-70000", 70_000)
                      .containsEntry("big-300000", 300_000)
                      .containsEntry("big-1100000", 1_100_000));
    }
  }

  /** A request whose reasoning summary is {@code size} characters: raw JSON, past the schema. */
  private static ActionRequest withSummaryOf(KubernetesClient client, String name, int size) {
    ActionRequest request = ActionRequests.scale("web", 3).named(name).in("default").build();
    var serialization = client.getKubernetesSerialization();
    String json = serialization.asJson(request);
    String summary = request.getSpec().reasoning().summary();
    return serialization.unmarshal(
        json.replace("\"summary\":\"" + summary + "\"", "\"summary\":\"" + "x".repeat(size) + "\""),
        ActionRequest.class);
  }
}
