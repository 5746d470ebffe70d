package dev.countersign.plugin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training run behind the plugin's class-data archive; the launcher script runs it once, under
 * {@code -XX:ArchiveClassesAtExit}, when no archive exists for the installed jars and Java. It
 * plays the commands people run (the list, a request's view, JSON and YAML output, an error)
 * against a stand-in API server on the loopback interface that serves a list of canned requests, so
 * that the archive holds the classes every later command loads, whatever the first real command
 * was. It prints nothing and touches no cluster.
 *
 * <p>The stand-in speaks TLS, as every real API server does, with a certificate the kubeconfig
 * names as its authority: the handshake, the certificate checks and the record layer are a good
 * part of what a real command loads and runs (archived, a listing over TLS starts about a tenth
 * sooner). Its key pair is made for this run by the JDK's keytool, so no key ships with the plugin;
 * without a keytool the stand-in speaks plain HTTP.
 */
public final class ArchiveTraining {
  private static final String REQUESTS =
      "/apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests";

  /** Requests in the stand-in's list: enough for the list's loops to count as used. */
  static final int LISTED = 200;

  private static final String STORE_PASSWORD = "training";

  private ArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    String request = StartupWarmUp.sampleJson();
    Path dir = Files.createTempDirectory("kubectl-approve-training");
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    Path store = dir.resolve("stand-in.p12");
    Optional<SSLContext> tls = standInTls(store);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpServer server;
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      server = https;
    } else {
      server = HttpServer.create(loopback, 0);
    }
    server.createContext("/", exchange -> answer(exchange, request));
    server.start();
    try {
      Files.writeString(
          kubeconfig,
          kubeconfig(
              server.getAddress().getPort(),
              tls.isPresent() ? Optional.of(certificatePem(store)) : Optional.empty()));
      PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
      Environment env =
          new Environment(
              discard,
              discard,
              false,
              question -> "",
              Map.of(),
              new SelfSubjectReviewIdentity(),
              Clock.systemUTC(),
              ClosingHttpClientFactory::new);
      for (List<String> command :
          List.of(
              List.<String>of(),
              List.of("-A"),
              List.of("-o", "json"),
              List.of("-o", "yaml"),
              List.of("scale-web", "--show"),
              List.of("scale-web", "-o", "yaml"),
              List.of("missing", "--show"))) {
        List<String> withConfig = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
        withConfig.addAll(command);
        KubectlApprove.run(withConfig, env);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    } finally {
      server.stop(0);
      Files.deleteIfExists(kubeconfig);
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
    System.exit(0);
  }

  /**
   * A TLS context with a fresh self-signed RSA key pair for 127.0.0.1 (as kubeadm's and kind's API
   * servers have RSA keys), made by the keytool of the running Java; empty when there is none or it
   * fails.
   */
  static Optional<SSLContext> standInTls(Path store) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      return Optional.empty();
    }
    try {
      Process process =
          new ProcessBuilder(
                  keytool.toString(),
                  "-genkeypair",
                  "-alias",
                  "stand-in",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-dname",
                  "CN=127.0.0.1",
                  "-ext",
                  "san=ip:127.0.0.1",
                  "-validity",
                  "1",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  STORE_PASSWORD)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroy();
        return Optional.empty();
      }
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(store), STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return Optional.of(context);
    } catch (IOException | GeneralSecurityException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static KeyStore keyStore(Path store) throws IOException, GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, STORE_PASSWORD.toCharArray());
    }
    return keyStore;
  }

  /** The stand-in's certificate in PEM, for the kubeconfig's certificate-authority-data. */
  static String certificatePem(Path store) throws IOException, GeneralSecurityException {
    Certificate certificate = keyStore(store).getCertificate("stand-in");
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static void answer(HttpExchange exchange, String request) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    String body;
    int code = 200;
    if (path.equals(REQUESTS) || path.equals("/apis/countersign.dev/v1alpha1/actionrequests")) {
      StringJoiner items = new StringJoiner(",");
      for (int i = 0; i < LISTED; i++) {
        items.add(request.replace("\"scale-web\"", "\"scale-web-" + i + "\""));
      }
      body =
          "{\"apiVersion\":\"countersign.dev/v1alpha1\",\"kind\":\"ActionRequestList\","
              + "\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
              + items
              + "]}";
    } else if (path.equals(REQUESTS + "/scale-web")) {
      body = request;
    } else if (path.endsWith("/selfsubjectreviews")) {
      code = 201;
      body =
          "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\","
              + "\"status\":{\"userInfo\":{\"username\":\"alice\",\"groups\":[\"sre\"]}}}";
    } else {
      code = 404;
      body =
          "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\","
              + "\"code\":404,\"message\":\"not found\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String kubeconfig(int port, Optional<String> certificatePem) {
    String cluster =
        certificatePem
            .map(
                pem ->
                    "{server: \"https://127.0.0.1:%d\", certificate-authority-data: %s}"
                        .formatted(
                            port,
                            Base64.getEncoder()
                                .encodeToString(pem.getBytes(StandardCharsets.US_ASCII))))
            .orElse("{server: \"http://127.0.0.1:%d\"}".formatted(port));
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: training
            cluster: %s
        contexts:
          - name: training
            context: {cluster: training, user: training, namespace: shop}
        current-context: training
        users:
          - name: training
            user: {token: training}
        """
        .formatted(cluster);
  }
}
