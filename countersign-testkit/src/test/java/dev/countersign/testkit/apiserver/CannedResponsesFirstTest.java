package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** A canned answer queued with {@link EmbeddedApiServer#expect()} comes before the store's own. */
class CannedResponsesFirstTest {
  private static final String PATH = "/api/v1/namespaces/a/configmaps/one";

  @Test
  void aQueuedAnswerIsGivenOnceAndThenTheStoreAnswersAgain() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient client = api.client()) {
      client
          .configMaps()
          .inNamespace("a")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("one")
                  .endMetadata()
                  .addToData("k", "stored")
                  .build())
          .create();
      api.expect().get().withPath(PATH).andReturn(403, "").once();

      KubernetesClientException refused =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> client.configMaps().inNamespace("a").withName("one").get());

      assertThat(refused.getCode()).isEqualTo(403);
      assertThat(client.configMaps().inNamespace("a").withName("one").get().getData())
          .containsEntry("k", "stored");
    }
  }
}
