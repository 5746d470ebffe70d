package dev.countersign.plugin;

import static dev.countersign.plugin.PluginHarness.approvers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.apiserver.ServerOptions;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl approve} without NAME: what awaits the caller. */
class KubectlApproveListTest {
  private PluginHarness cluster;

  @BeforeEach
  void start() {
    cluster = PluginHarness.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void listsOnlyTheRequestsAwaitingTheCallersApproval() {
    cluster.awaiting(
        ActionRequests.scale("web", 8).summary("Checkout p95 is twice its SLO").build(),
        approvers(List.of("alice"), List.of()));
    cluster.awaiting(ActionRequests.restart("web").build(), approvers(List.of(), List.of("sre")));
    cluster.awaiting(ActionRequests.rollback("web").build(), approvers(List.of("bob"), List.of()));
    cluster.awaiting(
        ActionRequests.scale("api", 2).by("alice").build(), approvers(List.of("alice"), List.of()));
    var done =
        cluster.awaiting(ActionRequests.scale("db", 4).build(), approvers(List.of("alice"), null));
    cluster.moveTo(done, Phase.Succeeded, "scaled");

    var result = cluster.run();

    assertThat(result.code()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).split("\\s{3,}"))
        .containsExactly(
            "NAME", "AGE", "AGENT", "ACTION", "TARGET", "SUMMARY", "APPROVALS", "EXPIRES");
    assertThat(lines.get(1) + lines.get(2))
        .contains("scale-web-to-8", "restart-web")
        .doesNotContain("rollback-web", "scale-api", "scale-db");
    assertThat(result.out())
        .contains(
            ActionRequests.AGENT,
            "scale to 8",
            "Deployment/web",
            "Checkout p95 is twice its SLO",
            "0/1",
            "in 119m");
  }

  @Test
  void allNamespacesAddsANamespaceColumn() {
    cluster.client.resource(TestWorkloads.namespace("other")).create();
    cluster.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), null));
    cluster.awaiting(
        ActionRequests.restart("web").in("other").build(), approvers(List.of("alice"), null));

    var result = cluster.run("-A");

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out().lines().toList()).hasSize(3).first().asString().startsWith("NAMESPACE");
    assertThat(result.out()).contains("other", "shop", "restart-web", "scale-web-to-8");
  }

  @Test
  void theNamespaceFlagChoosesWhereToLook() {
    cluster.client.resource(TestWorkloads.namespace("other")).create();
    cluster.awaiting(
        ActionRequests.restart("web").in("other").build(), approvers(List.of("alice"), null));

    assertThat(cluster.run().err())
        .contains("No requests await approval by alice in namespace shop");
    assertThat(cluster.run("-n", "other").out()).contains("restart-web");
    assertThat(cluster.run("--namespace=other").out()).contains("restart-web");
  }

  @Test
  void withoutSelfSubjectReviewTheCallerIsTheKubeconfigUserOfTheContext() {
    cluster.client.resource(TestWorkloads.namespace("other")).create();
    cluster.awaiting(
        ActionRequests.restart("web").in("other").build(), approvers(List.of("bob"), null));
    // An API server older than 1.28 does not serve SelfSubjectReviews.
    cluster
        .server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .andReturn(404, Map.of("kind", "Status", "apiVersion", "v1", "code", 404))
        .always();
    cluster.identity = new SelfSubjectReviewIdentity();

    var asBob = cluster.run("--context", "other");
    var asAlice = cluster.run("-n", "other");

    assertThat(asBob.code()).as(asBob.toString()).isZero();
    assertThat(asBob.out()).contains("restart-web");
    assertThat(asAlice.err()).contains("No requests await approval by alice in namespace other");
  }

  @Test
  void aSelfSubjectReviewNamesTheCallerAndTheirGroups() {
    cluster.awaiting(ActionRequests.restart("web").build(), approvers(List.of(), List.of("sre")));
    cluster
        .server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .andReturn(
            201,
            Map.of(
                "apiVersion", "authentication.k8s.io/v1",
                "kind", "SelfSubjectReview",
                "status",
                    Map.of("userInfo", Map.of("username", "carol", "groups", List.of("sre")))))
        .always();
    cluster.identity = new SelfSubjectReviewIdentity();

    var result = cluster.run("restart-web", "--show");

    assertThat(result.out()).contains("You: carol (SelfSubjectReview, groups [sre]) may approve");
    assertThat(cluster.run().out()).contains("restart-web");
  }

  @Test
  void printsTheListAsJsonOrYaml() {
    cluster.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), null));

    var json = cluster.run("-o", "json");
    var yaml = cluster.run("-oyaml");

    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(json.out()).contains("\"kind\":\"List\"", "\"name\":\"scale-web-to-8\"");
    assertThat(yaml.out()).contains("kind: \"List\"", "name: \"scale-web-to-8\"");
  }

  @Test
  void kubeconfigComesFromTheKubeconfigVariable() {
    cluster.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), null));
    cluster.variables.put("KUBECONFIG", "/nonexistent/config:" + cluster.kubeconfig);

    var result = cluster.runExactly(List.of());

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out()).contains("scale-web-to-8");
  }

  @Test
  void theFilesOfTheKubeconfigVariableAreMergedAsKubectlMergesThem() throws Exception {
    cluster.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), null));
    // The first file sets the current context; only the second defines it, its cluster and user.
    java.nio.file.Path first = java.nio.file.Files.createTempFile("kubeconfig-first", ".yaml");
    java.nio.file.Files.writeString(
        first,
        """
        apiVersion: v1
        kind: Config
        current-context: mock
        """);
    cluster.variables.put("KUBECONFIG", first + ":" + cluster.kubeconfig);

    var result = cluster.runExactly(List.of());

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out()).contains("scale-web-to-8");
  }

  @Test
  void aRelativeCertificateAuthorityIsFoundBesideTheKubeconfigThatNamesIt(@TempDir Path dir)
      throws Exception {
    try (PluginHarness tls = PluginHarness.start(ServerOptions.defaults().withTls())) {
      tls.awaiting(ActionRequests.scale("web", 8).build(), approvers(List.of("alice"), null));
      // As kubectl does: the path is relative to the file, not to where the command runs.
      Files.copy(tls.server.caCertificate().orElseThrow(), dir.resolve("ca.crt"));
      Path kubeconfig = dir.resolve("config");
      Files.writeString(
          kubeconfig,
          Files.readString(tls.kubeconfig)
              .replace(
                  "cluster: {server: \"" + tls.server.url() + "\"}",
                  "cluster: {server: \""
                      + tls.server.url()
                      + "\", certificate-authority: ca.crt}"));
      assertThat(Files.readString(kubeconfig)).contains("certificate-authority: ca.crt");
      assertThat(Path.of("ca.crt")).doesNotExist();

      var result = tls.runExactly(List.of("--kubeconfig", kubeconfig.toString()));

      assertThat(result.code()).as(result.toString()).isZero();
      assertThat(result.out()).contains("scale-web-to-8");
    }
  }

  @Test
  void noKubeconfigIsNoCluster() {
    cluster.variables.put("HOME", "/nonexistent");

    var result = cluster.runExactly(List.of());

    assertThat(result.code()).isEqualTo(ExitCode.NO_CLUSTER.code());
    assertThat(result.err())
        .isEqualTo(
            "error: no kubeconfig at /nonexistent/.kube/config: set KUBECONFIG or pass"
                + " --kubeconfig\n");
  }

  @Test
  void anUnreachableClusterIsNoClusterWithoutAStackTrace() throws Exception {
    var closed = PluginHarness.start();
    String url = closed.server.url();
    closed.close();
    java.nio.file.Files.writeString(cluster.kubeconfig, PluginHarness.kubeconfig(url));

    var result = cluster.run();

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.NO_CLUSTER.code());
    assertThat(result.err())
        .startsWith(
            "error: no cluster reachable (trying to list actionrequests.countersign.dev in namespace"
                + " shop at "
                + url
                + "): the connection was refused")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aListForbiddenByRbacSaysSo() {
    cluster
        .server
        .expect()
        .get()
        .withPath("/apis/countersign.dev/v1alpha1/namespaces/shop/actionrequests")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "actionrequests.countersign.dev is forbidden: User \"alice\" cannot list")
                .build())
        .always();

    var result = cluster.run();

    assertThat(result.code()).isEqualTo(ExitCode.FORBIDDEN.code());
    assertThat(result.err())
        .startsWith(
            "error: forbidden: you may not list actionrequests.countersign.dev in namespace shop at "
                + cluster.server.url()
                + " (RBAC)")
        .contains("User \"alice\" cannot list")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnknownContextIsAUsageError() {
    var result = cluster.run("--context", "nope");

    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).startsWith("error: context \"nope\" is not in ");
  }
}
