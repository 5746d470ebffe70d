package dev.countersign.plugin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the plugin's class-data archive; the launcher script runs it once, under
 * {@code -XX:ArchiveClassesAtExit}, when no archive exists for the installed jars and Java. It
 * plays the commands people run (the list, a request's view, JSON and YAML output, an error)
 * against a stand-in API server on the loopback interface that serves one canned request, so that
 * the archive holds the classes every later command loads, whatever the first real command was. It
 * prints nothing and touches no cluster.
 */
public final class ArchiveTraining {
  private static final String REQUESTS =
      "/apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests";

  private ArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    String request = StartupWarmUp.sampleJson();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> answer(exchange, request));
    server.start();
    Path kubeconfig = Files.createTempFile("kubectl-approve-training", ".yaml");
    try {
      Files.writeString(kubeconfig, kubeconfig(server.getAddress().getPort()));
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
    } finally {
      server.stop(0);
      Files.deleteIfExists(kubeconfig);
    }
    System.exit(0);
  }

  private static void answer(HttpExchange exchange, String request) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    String body;
    int code = 200;
    if (path.equals(REQUESTS) || path.equals("/apis/countersign.dev/v1alpha1/actionrequests")) {
      body =
          "{\"apiVersion\":\"countersign.dev/v1alpha1\",\"kind\":\"ActionRequestList\","
              + "\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
              + request
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

  private static String kubeconfig(int port) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: training
            cluster: {server: "http://127.0.0.1:%d"}
        contexts:
          - name: training
            context: {cluster: training, user: training, namespace: shop}
        current-context: training
        users:
          - name: training
            user: {token: training}
        """
        .formatted(port);
  }
}
