package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin's HTTP client factory stops the JDK client's selector thread on close, which Fabric8's
 * own factory leaves running (blocked in native code, which makes the JVM wait at exit). An
 * integration test: the JDK HTTP client is on the classpath only for the packaged plugin and for
 * these tests, not for the unit tests (see the surefire configuration).
 */
class ClosingHttpClientFactoryIT {
  private HttpServer server;

  @BeforeEach
  void serveOneNamespace() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void closingTheClientStopsTheJdkSelectorThread() {
    Set<String> before = selectorThreads();

    useAndClose(new ClosingHttpClientFactory());

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(selectorThreads()).isSubsetOf(before));
  }

  @Test
  void fabric8sOwnFactoryLeavesItRunningWhichIsWhyThePluginHasItsOwn() {
    Set<String> before = selectorThreads();

    useAndClose(new JdkHttpClientFactory());

    assertThat(selectorThreads()).isNotEmpty().isNotEqualTo(before);
  }

  private void useAndClose(HttpClient.Factory factory) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder().withMasterUrl(url).withRequestRetryBackoffLimit(0).build())
            .withHttpClientFactory(factory)
            .build()) {
      Namespace shop = client.namespaces().withName("shop").get();
      assertThat(shop.getMetadata().getName()).isEqualTo("shop");
    }
  }

  private static Set<String> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager"))
        .collect(Collectors.toSet());
  }
}
