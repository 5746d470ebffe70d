package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.testkit.Identities;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TlsServerTest {
  @Test
  void speaksHttpsWithACertificateClientsCanTrust() throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(ServerOptions.defaults().withTls())) {
      assertThat(api.url()).startsWith("https://");
      api.client()
          .resource(new NamespaceBuilder().withNewMetadata().withName("tls").endMetadata().build())
          .create();
      var ca = api.caCertificate().orElseThrow();
      assertThat(Files.readString(ca)).contains("BEGIN CERTIFICATE");
      try (var trusting =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder()
                      .withMasterUrl(api.url())
                      .withCaCertFile(ca.toString())
                      .withOauthToken(api.token(Identities.ADMIN))
                      .build())
              .build()) {
        assertThat(trusting.namespaces().withName("tls").get()).isNotNull();
      }
      try (var plain =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder()
                      .withMasterUrl(api.url().replace("https://", "http://"))
                      .withOauthToken(api.token(Identities.ADMIN))
                      .withRequestRetryBackoffLimit(0)
                      .build())
              .build()) {
        assertThatThrownBy(() -> plain.namespaces().withName("tls").get())
            .isInstanceOf(KubernetesClientException.class);
      }
    }
  }

  @Test
  void plainHttpByDefault() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      assertThat(api.url()).startsWith("http://");
      assertThat(api.caCertificate()).isEmpty();
    }
  }
}
