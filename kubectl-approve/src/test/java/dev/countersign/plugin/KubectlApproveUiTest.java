package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.quorum.SpecHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl approve ui}'s server over plain HTTP, on the strict embedded API server with the
 * chart's approver role: alice may read every namespace, bob only namespace other. The page itself
 * is tested in a browser by {@link KubectlApproveUiBrowserIT}.
 */
class KubectlApproveUiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private PluginHarness cluster;
  private ActionRequest web;

  @BeforeEach
  void threeRequestsInTwoNamespaces() {
    cluster = PluginHarness.start();
    cluster.identity = new SelfSubjectReviewIdentity();
    cluster.client.resource(TestWorkloads.namespace("other")).create();
    web =
        cluster.awaiting(
            ActionRequests.scale("web", 8).summary("checkout latency is high").build(),
            PluginHarness.approvers(List.of("alice"), List.of()));
    cluster.awaiting(
        ActionRequests.restart("api").named("restart-api").build(),
        PluginHarness.approvers(List.of("bob"), List.of()));
    cluster.server.fileAsRequester(
        ActionRequests.scale("db", 2).named("scale-db").in("other").build());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theTimelineListsEveryReadableRequestWithCountsPerPhase() throws Exception {
    try (var ui = cluster.ui()) {
      JsonNode list = get(ui, "/api/requests");

      assertThat(names(list))
          .containsExactlyInAnyOrder("scale-web-to-8", "restart-api", "scale-db");
      assertThat(list.path("total").asInt()).isEqualTo(3);
      assertThat(list.path("counts").path("AwaitingApproval").asInt()).isEqualTo(2);
      assertThat(list.path("counts").path("Pending").asInt()).isEqualTo(1);
      assertThat(list.path("unreadable")).isEmpty();
      JsonNode session = get(ui, "/api/session");
      assertThat(session.path("user").asText()).isEqualTo("alice");
      assertThat(session.path("watching").toString()).isEqualTo("[\"*\"]");
    }
  }

  @Test
  void filtersNarrowTheTimelineAndTheCountsFollowAllButThePhase() throws Exception {
    try (var ui = cluster.ui()) {
      assertThat(names(get(ui, "/api/requests?namespace=other"))).containsExactly("scale-db");
      assertThat(names(get(ui, "/api/requests?action=restart"))).containsExactly("restart-api");
      assertThat(names(get(ui, "/api/requests?target=deployment%2FWEB")))
          .containsExactly("scale-web-to-8");
      assertThat(names(get(ui, "/api/requests?agent=nobody"))).isEmpty();
      JsonNode awaiting = get(ui, "/api/requests?phase=AwaitingApproval&namespace=shop");
      assertThat(names(awaiting)).containsExactlyInAnyOrder("scale-web-to-8", "restart-api");
      assertThat(awaiting.path("counts").path("AwaitingApproval").asInt()).isEqualTo(2);
      assertThat(names(get(ui, "/api/requests?until=2000-01-01T00:00:00Z"))).isEmpty();
      assertThat(names(get(ui, "/api/requests?since=2000-01-01T00:00:00Z"))).hasSize(3);
      assertThat(names(get(ui, "/api/requests?limit=1"))).hasSize(1);
      var bad = send(ui, "/api/requests?since=yesterday");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("since needs a time such as 2026-01-31T12:00:00Z: yesterday");
    }
  }

  @Test
  void withoutTheSessionTokenEveryRouteIsRefused() throws Exception {
    try (var ui = cluster.ui()) {
      for (String path : List.of("/", "/api/requests", "/api/watch", "/static/app.js")) {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create(ui.base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(403);
        assertThat(response.body()).contains("missing or wrong session token");
      }
      var wrong = send(ui, "/api/requests?token=nope", null);
      assertThat(wrong.statusCode()).isEqualTo(403);
      var page = send(ui, "/?token=" + ui.token(), null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("default-src 'none'", "frame-ancestors 'none'");
    }
  }

  @Test
  void anotherHostOrAnotherSitesOriginIsRefusedEvenWithTheToken() throws Exception {
    try (var ui = cluster.ui()) {
      String rebound = raw(ui, "GET", "/api/requests?token=" + ui.token(), "evil.example:80", null);
      assertThat(rebound)
          .startsWith("HTTP/1.1 403")
          .contains("unexpected Host header evil.example:80");
      int port = URI.create(ui.base()).getPort();
      String crossSite =
          raw(
              ui,
              "GET",
              "/api/requests?token=" + ui.token(),
              "127.0.0.1:" + port,
              "https://evil.example");
      assertThat(crossSite)
          .startsWith("HTTP/1.1 403")
          .contains("requests from other sites are refused");
      String local =
          raw(
              ui,
              "GET",
              "/api/requests?token=" + ui.token(),
              "localhost:" + port,
              "http://localhost:" + port);
      assertThat(local).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aNamespaceTheUserMayNotListIsNamedAndNoneOfItsRequestsShown() throws Exception {
    try (var ui = cluster.ui("--context", "other", "-n", "other,shop")) {
      JsonNode list = get(ui, "/api/requests");

      assertThat(names(list)).containsExactly("scale-db");
      assertThat(list.path("unreadable")).hasSize(1);
      assertThat(list.path("unreadable").get(0).path("namespace").asText()).isEqualTo("shop");
      assertThat(list.path("unreadable").get(0).path("message").asText())
          .contains("User \"bob\" cannot list resource \"actionrequests\"", "namespace \"shop\"");
      assertThat(get(ui, "/api/session").path("user").asText()).isEqualTo("bob");
    }
  }

  @Test
  void theStoryTellsWhoMayDecideAndWhy() throws Exception {
    try (var ui = cluster.ui()) {
      JsonNode mine = get(ui, "/api/requests/shop/scale-web-to-8");
      assertThat(mine.path("mayDecide").asBoolean()).isTrue();
      assertThat(mine.path("specHash").asText()).isEqualTo(SpecHash.of(web.getSpec()));
      assertThat(mine.path("spec").path("reasoning").path("summary").asText())
          .isEqualTo("checkout latency is high");
      assertThat(mine.path("status").path("decision").path("requiredApprovals").toString())
          .contains("alice");
      assertThat(mine.path("events").path("error").isMissingNode())
          .as("the chart's approver role lists Events: %s", mine.path("events"))
          .isTrue();

      JsonNode bobs = get(ui, "/api/requests/shop/restart-api");
      assertThat(bobs.path("mayDecide").asBoolean()).isFalse();
      assertThat(bobs.path("whyNot").asText()).contains("alice");
      assertThat(send(ui, "/api/requests/shop/nothing-here").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void approvingFromThePageCreatesTheApprovalBoundToWhatWasShown() throws Exception {
    try (var ui = cluster.ui()) {
      JsonNode story = get(ui, "/api/requests/shop/scale-web-to-8");

      var stale =
          post(
              ui,
              "/api/requests/shop/scale-web-to-8/decision",
              decision(story, "Approve", null, "0000"));
      assertThat(stale.statusCode()).isEqualTo(409);
      assertThat(stale.body()).contains("changed since it was shown");
      var unconfirmed =
          post(
              ui,
              "/api/requests/shop/scale-web-to-8/decision",
              decision(story, "Approve", null, null)
                  .replace("\"confirmed\":true", "\"confirmed\":false"));
      assertThat(unconfirmed.statusCode()).isEqualTo(400);
      var noReason =
          post(
              ui,
              "/api/requests/shop/scale-web-to-8/decision",
              decision(story, "Reject", " ", null));
      assertThat(noReason.statusCode()).isEqualTo(400);
      assertThat(noReason.body()).contains("a rejection needs a reason");
      assertThat(cluster.approvals()).isEmpty();

      var approved =
          post(
              ui,
              "/api/requests/shop/scale-web-to-8/decision",
              decision(story, "Approve", null, null));

      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
      Approval approval = cluster.approvals().get(0);
      assertThat(approval.getSpec().approver()).isEqualTo("alice");
      assertThat(approval.getSpec().request().uid()).isEqualTo(web.getMetadata().getUid());
      assertThat(approval.getSpec().specHash()).isEqualTo(SpecHash.of(web.getSpec()));
      assertThat(approval.getSpec().decision()).isEqualTo("Approve");
    }
  }

  @Test
  void rejectingFromThePageRecordsTheReason() throws Exception {
    try (var ui = cluster.ui()) {
      JsonNode story = get(ui, "/api/requests/shop/scale-web-to-8");

      var rejected =
          post(
              ui,
              "/api/requests/shop/scale-web-to-8/decision",
              decision(story, "Reject", "not during the sale", null));

      assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
      assertThat(rejected.body()).contains("created: alice rejects shop/scale-web-to-8");
      Approval approval = cluster.approvals().get(0);
      assertThat(approval.getSpec().decision()).isEqualTo("Reject");
      assertThat(approval.getSpec().reason()).isEqualTo("not during the sale");
    }
  }

  @Test
  void aUserNotNamedByThePolicyCannotDecideEvenByPostingDirectly() throws Exception {
    try (var ui = cluster.ui()) {
      JsonNode story = get(ui, "/api/requests/shop/restart-api");

      var refused =
          post(
              ui,
              "/api/requests/shop/restart-api/decision",
              decision(story, "Approve", null, null));

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("you may not approve shop/restart-api");
      assertThat(cluster.approvals()).isEmpty();
    }
  }

  @Test
  void aNewRequestIsPushedAsAServerSentEvent() throws Exception {
    try (var ui = cluster.ui()) {
      var stream =
          http.send(
              HttpRequest.newBuilder(URI.create(ui.base() + "/api/watch?token=" + ui.token()))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
      try (var lines =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        assertThat(lines.readLine()).isEqualTo("retry: 2000");
        cluster.server.fileAsRequester(
            ActionRequests.scale("web", 5).named("scale-web-to-5").in("shop").build());
        CompletableFuture<String> data =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                      if (line.startsWith("data: ") && line.contains("scale-web-to-5")) {
                        return line;
                      }
                    }
                    return null;
                  } catch (IOException e) {
                    return null;
                  }
                });
        assertThat(data.get(10, TimeUnit.SECONDS))
            .contains("\"type\":\"ADDED\"", "\"namespace\":\"shop\"");
      }
      assertThat(names(get(ui, "/api/requests"))).contains("scale-web-to-5");
    }
  }

  @Test
  void theFilteredViewExportsAsJsonAndCsv() throws Exception {
    try (var ui = cluster.ui()) {
      var csv = send(ui, "/api/export.csv?namespace=shop&phase=AwaitingApproval");
      assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
          .contains("actionrequests.csv");
      List<String> lines = csv.body().lines().toList();
      assertThat(lines.get(0))
          .startsWith("namespace,name,uid,created,agent,action,wants,target,phase");
      assertThat(lines).hasSize(3);
      assertThat(csv.body()).contains("shop,scale-web-to-8,").doesNotContain("scale-db");

      JsonNode json = JSON.readTree(send(ui, "/api/export.json?action=scale").body());
      List<String> exported = new ArrayList<>();
      json.path("items").forEach(i -> exported.add(i.path("name").asText()));
      assertThat(exported).containsExactlyInAnyOrder("scale-web-to-8", "scale-db");
    }
  }

  @Test
  void aCsvFieldThatASpreadsheetWouldRunIsDefused() {
    assertThat(UiRow.csvField("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(UiRow.csvField("a,b")).isEqualTo("\"a,b\"");
    assertThat(UiRow.csvField("plain")).isEqualTo("plain");
  }

  @Test
  void aKubeconfigWithoutAReachableClusterExitsSeven() throws Exception {
    Path kubeconfig = Files.createTempFile("unreachable", ".yaml");
    try {
      Files.writeString(kubeconfig, PluginHarness.kubeconfig("http://127.0.0.1:1"));

      var result =
          cluster.runExactly(List.of("ui", "--no-browser", "--kubeconfig", kubeconfig.toString()));

      assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.NO_CLUSTER.code());
      assertThat(result.err())
          .startsWith("error: no cluster reachable")
          .contains("connection was refused");
    } finally {
      Files.delete(kubeconfig);
    }
  }

  @Test
  void uiOptionsAreCheckedLikeTheOthers() {
    var result = cluster.runExactly(List.of("ui", "--reject"));
    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).contains("approve and reject on the page");
    assertThat(cluster.runExactly(List.of("ui", "--port", "99999")).err())
        .contains("--port needs a port number");
    assertThat(cluster.run("scale-web-to-8", "--port", "1").err())
        .contains("are for `kubectl approve ui`");
  }

  @Test
  void completionOffersUiAsTheFirstWordOnly() throws Exception {
    assertThat(complete("")).startsWith("ui\n");
    assertThat(complete("-n", "shop", "")).doesNotContain("ui");
    assertThat(complete("--")).contains("--port\n", "--no-browser\n");
  }

  private static String complete(String... words) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("bash", "src/main/plugin/kubectl_complete-approve"));
    command.addAll(List.of(words));
    // Request names come from kubectl, if there is one; "ui" and the flags come first regardless.
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static String decision(JsonNode story, String verdict, String reason, String hash)
      throws IOException {
    return JSON.writeValueAsString(
        new java.util.LinkedHashMap<>(
            Map.of(
                "decision",
                verdict,
                "reason",
                reason == null ? "" : reason,
                "uid",
                story.path("row").path("uid").asText(),
                "specHash",
                hash == null ? story.path("specHash").asText() : hash,
                "generation",
                story.path("generation").asLong(),
                "confirmed",
                true)));
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.path("name").asText()));
    return names;
  }

  private JsonNode get(PluginHarness.Ui ui, String path) throws Exception {
    var response = send(ui, path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(PluginHarness.Ui ui, String path) throws Exception {
    return send(ui, path, ui.token());
  }

  private HttpResponse<String> send(PluginHarness.Ui ui, String path, String token)
      throws Exception {
    var builder =
        HttpRequest.newBuilder(URI.create(ui.base() + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      builder.header(UiGuard.TOKEN_HEADER, token);
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(PluginHarness.Ui ui, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(ui.base() + path))
            .header(UiGuard.TOKEN_HEADER, ui.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One request over a socket: the JDK's HTTP client does not let a caller set Host. */
  private static String raw(
      PluginHarness.Ui ui, String method, String path, String host, String origin)
      throws IOException {
    URI base = URI.create(ui.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\n"
                  + (origin == null ? "" : "Origin: " + origin + "\r\n")
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
