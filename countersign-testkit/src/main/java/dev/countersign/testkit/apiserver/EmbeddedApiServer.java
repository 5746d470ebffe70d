package dev.countersign.testkit.apiserver;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.admission.AdmissionPolicies;
import dev.countersign.testkit.apiserver.auth.AccessControl;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An in-process Kubernetes API server for tests and the sandbox: Fabric8's mock server in CRUD mode
 * behind {@link StrictApiServer}, which makes it enforce what a real API server enforces where
 * Countersign depends on it. Every client has an identity (a bearer token) and is authorized by
 * RBAC; the Roles, ClusterRoles, bindings and the ValidatingAdmissionPolicy are the ones the Helm
 * chart renders, installed at start as a user would install them; Countersign's CRDs are installed
 * too, and every custom object is validated against its CRD's schema and CEL rules. It runs no
 * controllers (see {@code SimulatedWorkloadController}).
 */
public final class EmbeddedApiServer implements AutoCloseable {
  /** The CRDs the build generates from the API types, as classpath resources. */
  public static final List<String> CRDS =
      List.of(
          "META-INF/fabric8/agentpolicies.countersign.dev-v1.yml",
          "META-INF/fabric8/actionrequests.countersign.dev-v1.yml",
          "META-INF/fabric8/approvals.countersign.dev-v1.yml",
          "META-INF/fabric8/notificationchannels.countersign.dev-v1.yml");

  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final AccessControl access;
  private final KubernetesClient admin;
  private final Map<UserInfo, KubernetesClient> clients = new ConcurrentHashMap<>();
  private final MockWebServer web;
  private final boolean tls;

  private EmbeddedApiServer(
      KubernetesMockServer server, MockWebServer web, AccessControl access, boolean tls) {
    this.server = server;
    this.web = web;
    this.access = access;
    this.tls = tls;
    this.admin = clientAs(Identities.ADMIN);
  }

  /** Starts a server with Countersign's CRDs and the chart installed with its default values. */
  public static EmbeddedApiServer start() {
    return start(ServerOptions.defaults());
  }

  /**
   * As {@link #start()}, with every API call that passed authentication, authorization and
   * admission going first through the dispatcher {@code around} wraps around the store: a test
   * hook, e.g. to inject faults or count calls.
   */
  public static EmbeddedApiServer start(UnaryOperator<Dispatcher> around) {
    return start(ServerOptions.defaults().around(around));
  }

  /** A server set up as the options say. */
  public static EmbeddedApiServer start(ServerOptions options) {
    // The mock web server logs every request at INFO; that is noise here, and slow under load.
    QUIET.setLevel(java.util.logging.Level.WARNING);
    var responses =
        new HashMap<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    AccessControl access = new AccessControl();
    MockWebServer web = new MockWebServer();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            web,
            responses,
            // Canned answers (a test's expect()) come first, before authentication: a test
            // hook that can stand in for any answer, e.g. an older API server's 404.
            new CannedResponsesFirst(
                responses,
                options
                    .inFront()
                    .apply(
                        new StrictApiServer(
                            access,
                            new AdmissionPolicies(),
                            options.validateCustomResources(),
                            options
                                .around()
                                .apply(
                                    new OptimisticStatusWrites(
                                        new WholeFrameWatches(new IndexedCrudDispatcher())))))),
            options.tls());
    server.init();
    EmbeddedApiServer embedded = new EmbeddedApiServer(server, web, access, options.tls());
    installCrds(embedded.admin);
    ChartInstall.install(embedded.admin, options.chartValues());
    return embedded;
  }

  /**
   * Canned answers that take precedence over the stored objects, e.g. a 403 for one path: a test
   * hook, like {@link #start(UnaryOperator)}.
   */
  public io.fabric8.mockwebserver.dsl.MockServerExpectation expect() {
    return server.expect();
  }

  /** The URL clients use to reach the server. */
  public String url() {
    return (tls ? "https://" : "http://") + server.getHostName() + ":" + server.getPort();
  }

  /**
   * The PEM file of the server's self-signed certificate, for a client in another process (a
   * kubeconfig's {@code certificate-authority}); empty when the server speaks plain HTTP.
   */
  public Optional<Path> caCertificate() {
    return tls
        ? Optional.of(Path.of(web.getSelfSignedCertificate().certificatePath()))
        : Optional.empty();
  }

  /**
   * The cluster admin's client ({@code system:masters}): for setting the scene (namespaces,
   * workloads, policies), never for what an agent, an approver or the operator does. Owned by the
   * server; closing it is harmless.
   */
  public KubernetesClient client() {
    return admin;
  }

  /**
   * A client authenticated as this identity, one per identity, owned by the server (closed with
   * it): for tests that act as an agent or an approver.
   */
  public KubernetesClient as(UserInfo user) {
    return clients.computeIfAbsent(user, this::clientAs);
  }

  /** A new client authenticated as this identity; the caller closes it. */
  public KubernetesClient clientAs(UserInfo user) {
    return clientWithToken(token(user));
  }

  /** A new client that sends this bearer token, whatever it is; the caller closes it. */
  public KubernetesClient clientWithToken(String token) {
    return server.createClient(b -> b.withConfig(config(token)));
  }

  /**
   * How a client reaches the server as this identity, for a component that builds its own client
   * (e.g. with the HTTP client its image carries).
   */
  public Config configAs(UserInfo user) {
    return config(token(user));
  }

  /** A bearer token the server accepts for this identity, e.g. for a kubeconfig. */
  public String token(UserInfo user) {
    return access.authenticator().issue(user);
  }

  /** The server's authentication and authorization, for direct questions in tests. */
  public AccessControl access() {
    return access;
  }

  /**
   * Binds a ClusterRole to a subject as a cluster admin would: in one namespace with a RoleBinding,
   * or cluster-wide with a ClusterRoleBinding when {@code namespace} is null.
   */
  public void bind(String clusterRole, String namespace, UserInfo subject) {
    ChartInstall.bind(admin, clusterRole, namespace, subject);
  }

  /**
   * Files the request as an agent does: authenticated as its {@code spec.requester} (a service
   * account, or a user in the claimed {@code spec.requesterGroups}), bound to the chart's
   * countersign-agent role in the request's namespace.
   */
  public ActionRequest fileAsRequester(ActionRequest request) {
    UserInfo requester =
        Identities.named(
            request.getSpec().requester(),
            request.getSpec().requesterGroups().toArray(String[]::new));
    bind("countersign-agent", request.getMetadata().getNamespace(), requester);
    return as(requester).resource(request).create();
  }

  /**
   * Gives the Approval as its approver does: authenticated as its {@code spec.approver} in the
   * claimed {@code spec.groups}, bound to the chart's countersign-approver role in its namespace.
   */
  public Approval giveAsApprover(Approval approval) {
    UserInfo approver =
        Identities.named(
            approval.getSpec().approver(), approval.getSpec().groups().toArray(String[]::new));
    bind("countersign-approver", approval.getMetadata().getNamespace(), approver);
    return as(approver).resource(approval).create();
  }

  /** Creates Countersign's CRDs, as generated by the build, on the given cluster. */
  public static void installCrds(KubernetesClient client) {
    for (String crd : CRDS) {
      try (InputStream yaml = resource(crd)) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(yaml)
            .createOr(c -> c.update());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Creates (or replaces) every object of a multi-document YAML classpath resource. */
  public static List<HasMetadata> apply(KubernetesClient client, String resource) {
    try (InputStream yaml = resource(resource)) {
      return client.load(yaml).createOrReplace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a classpath resource, failing with its name if it is missing. */
  public static InputStream resource(String name) {
    InputStream stream = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(name);
    if (stream == null) {
      throw new IllegalStateException("missing classpath resource " + name);
    }
    return stream;
  }

  private Config config(String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .withNamespace("default")
        .withOauthToken(token)
        .build();
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    admin.close();
    server.destroy();
  }
}
