package dev.countersign.plugin;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Fabric8's JDK HTTP client factory, except that closing the client also shuts down the JDK client
 * under it and waits briefly for it to stop.
 *
 * <p>Fabric8 (7.3) only stops the executor, which leaves the JDK client's selector thread blocked
 * in native code; the JVM then waits about 300 ms at exit for such threads, a fifth of what a short
 * command costs. Shutting the JDK client down (Java 21+) ends that thread.
 */
final class ClosingHttpClientFactory extends JdkHttpClientFactory {
  private static final Duration STOP_WAIT = Duration.ofMillis(200);

  private final List<HttpClient> built = new CopyOnWriteArrayList<>();

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    return new Recording(super.createNewHttpClientBuilder());
  }

  @Override
  protected void closeHttpClient(JdkHttpClientImpl client) {
    super.closeHttpClient(client);
    for (HttpClient jdkClient : built) {
      jdkClient.shutdownNow();
      try {
        jdkClient.awaitTermination(STOP_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    built.clear();
  }

  /** A JDK client builder that remembers what it builds. */
  private final class Recording implements HttpClient.Builder {
    private final HttpClient.Builder builder;

    Recording(HttpClient.Builder builder) {
      this.builder = builder;
    }

    @Override
    public HttpClient build() {
      HttpClient client = builder.build();
      built.add(client);
      return client;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
      builder.cookieHandler(cookieHandler);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
      builder.connectTimeout(duration);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
      builder.sslContext(sslContext);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
      builder.sslParameters(sslParameters);
      return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
      builder.executor(executor);
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
      builder.followRedirects(policy);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
      builder.version(version);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
      builder.priority(priority);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
      builder.proxy(proxySelector);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
      builder.authenticator(authenticator);
      return this;
    }

    @Override
    public HttpClient.Builder localAddress(InetAddress localAddr) {
      builder.localAddress(localAddr);
      return this;
    }
  }
}
