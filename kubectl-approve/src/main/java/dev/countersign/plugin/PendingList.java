package dev.countersign.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.api.v1alpha1.ApiVersion;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@code kubectl approve} without NAME: the requests awaiting approval that the caller may approve,
 * the soonest to expire first.
 */
final class PendingList {
  static final int SUMMARY_WIDTH = 60;

  private record Pending(ActionRequest request, Instant expiresAt) {}

  private final Connection connection;
  private final Options options;
  private final Environment env;

  PendingList(Connection connection, Options options, Environment env) {
    this.connection = connection;
    this.options = options;
    this.env = env;
  }

  ExitCode run() {
    // Who the caller is and what is pending are two independent calls: ask both at once.
    Supplier<Identity> identity = env.identity().inBackground(connection);
    if (options.output() != null) {
      return printDocuments(identity);
    }
    JsonNode list = fetchJson();
    Identity me = identity.get();
    List<PendingRow> mine = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      PendingRow row = PendingRow.of(item);
      if (row.awaitingApproval() && row.whyNot(me).isEmpty()) {
        mine.add(row);
      }
    }
    mine.sort(
        Comparator.comparing(
                PendingRow::expiresAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(r -> Objects.toString(r.namespace(), ""))
            .thenComparing(PendingRow::name, Comparator.nullsFirst(Comparator.naturalOrder())));
    if (mine.isEmpty()) {
      env.err()
          .println(
              "No requests await approval by "
                  + me.user()
                  + (options.allNamespaces()
                      ? " in any namespace."
                      : " in namespace " + connection.namespace() + "."));
      return ExitCode.OK;
    }
    env.out().print(table(mine).render());
    return ExitCode.OK;
  }

  /**
   * {@code -o json} or {@code -o yaml}: the requests themselves, as the typed model writes them.
   */
  private ExitCode printDocuments(Supplier<Identity> identity) {
    List<ActionRequest> all = fetch();
    Identity me = identity.get();
    List<ActionRequest> mine =
        all.stream()
            .filter(r -> r.phase() == Phase.AwaitingApproval)
            .filter(r -> ApproverCheck.whyNot(r, me).isEmpty())
            // The expiry is parsed once per request, not at every comparison of the sort.
            .map(r -> new Pending(r, RequestText.expiresAt(r)))
            .sorted(
                Comparator.comparing(
                        Pending::expiresAt,
                        Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                    .thenComparing(
                        p -> Objects.toString(p.request().getMetadata().getNamespace(), ""))
                    .thenComparing(p -> p.request().getMetadata().getName()))
            .map(Pending::request)
            .toList();
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.put("items", mine);
    var serialization = connection.client().getKubernetesSerialization();
    env.out()
        .print(
            "json".equals(options.output())
                ? serialization.asJson(list) + "\n"
                : serialization.asYaml(list));
    return ExitCode.OK;
  }

  /**
   * The list as the API server sends it, read as a JSON tree (see {@link PendingRow} for why not as
   * typed requests), through the client's own HTTP client: the kubeconfig's credentials, TLS
   * settings and token refresh apply as to every other call.
   */
  private JsonNode fetchJson() {
    KubernetesClient client = connection.client();
    String base = client.getMasterUrl().toString();
    String path =
        "apis/"
            + ApiVersion.GROUP
            + "/"
            + ApiVersion.VERSION
            + (options.allNamespaces()
                ? ""
                : "/namespaces/"
                    + URLEncoder.encode(connection.namespace(), StandardCharsets.UTF_8))
            + "/actionrequests";
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(base.endsWith("/") ? base + path : base + "/" + path)
            .header("Accept", "application/json")
            .build();
    try {
      HttpResponse<InputStream> response = http.sendAsync(request, InputStream.class).get();
      try (InputStream body = response.body()) {
        if (!response.isSuccessful()) {
          throw new KubernetesClientException(status(response.code(), body));
        }
        return client.getKubernetesSerialization().unmarshal(body, JsonNode.class);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted", e);
    } catch (ExecutionException | IOException e) {
      throw listFailure(
          new KubernetesClientException(
              "Failure executing: GET at: " + request.uri(),
              e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e));
    } catch (KubernetesClientException e) {
      throw listFailure(e);
    }
  }

  /** The Status the API server answered with, or one made of the HTTP code when it sent none. */
  private Status status(int code, InputStream body) throws IOException {
    String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
    try {
      Status status =
          connection.client().getKubernetesSerialization().unmarshal(text, Status.class);
      if (status != null && status.getCode() != null) {
        return status;
      }
    } catch (RuntimeException e) {
      // Not a Status (a proxy's error page, say): the code and the text are all there is.
    }
    return new StatusBuilder().withCode(code).withMessage(text.strip()).build();
  }

  private List<ActionRequest> fetch() {
    var requests = connection.client().resources(ActionRequest.class);
    try {
      return options.allNamespaces()
          ? requests.inAnyNamespace().list().getItems()
          : requests.inNamespace(connection.namespace()).list().getItems();
    } catch (KubernetesClientException e) {
      throw listFailure(e);
    }
  }

  private CliError listFailure(KubernetesClientException e) {
    return Failures.translate(
        e,
        "list actionrequests.countersign.dev "
            + (options.allNamespaces()
                ? "in all namespaces"
                : "in namespace " + connection.namespace())
            + " at "
            + connection.server());
  }

  private Table table(List<PendingRow> rows) {
    boolean all = options.allNamespaces();
    List<String> headers =
        List.of("NAME", "AGE", "AGENT", "ACTION", "TARGET", "SUMMARY", "APPROVALS", "EXPIRES");
    Table table =
        all
            ? new Table(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("NAMESPACE"), headers.stream())
                    .toArray(String[]::new))
            : new Table(headers.toArray(String[]::new));
    for (PendingRow row : rows) {
      String[] cells = row.cells(env.clock(), SUMMARY_WIDTH);
      if (all) {
        String[] withNamespace = new String[cells.length + 1];
        withNamespace[0] = row.namespace();
        System.arraycopy(cells, 0, withNamespace, 1, cells.length);
        table.add(withNamespace);
      } else {
        table.add(cells);
      }
    }
    return table;
  }
}
