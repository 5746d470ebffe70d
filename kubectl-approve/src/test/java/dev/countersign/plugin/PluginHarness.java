package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.ServerOptions;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin run in-process against the Fabric8 mock server in CRUD mode (with expectations for the
 * answers CRUD mode cannot give, such as a 403), through a kubeconfig file written for it. Context
 * {@code mock} is user {@code alice} in namespace {@code shop}; context {@code other} is user
 * {@code bob} in namespace {@code other}.
 */
final class PluginHarness implements AutoCloseable {
  static final String NAMESPACE = "shop";
  static final Identity ALICE = new Identity("alice", List.of("sre", "dev"), "test");

  final EmbeddedApiServer server;
  final KubernetesClient client;
  final Path kubeconfig;

  /** What the next runs use; tests change these. */
  IdentityResolver identity = (client, kubeconfigUser) -> ALICE;

  boolean interactive = false;
  Environment.Prompt prompt = question -> "";
  Map<String, String> variables = new HashMap<>();
  final List<String> questions = new ArrayList<>();

  private PluginHarness(EmbeddedApiServer server, Path kubeconfig) {
    this.server = server;
    this.client = server.client();
    this.kubeconfig = kubeconfig;
  }

  static PluginHarness start() {
    return start(ServerOptions.defaults());
  }

  static PluginHarness start(ServerOptions options) {
    EmbeddedApiServer server = EmbeddedApiServer.start(options);
    try {
      Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
      Files.writeString(kubeconfig, kubeconfig(server.url()));
      PluginHarness harness = new PluginHarness(server, kubeconfig);
      harness.client.resource(TestWorkloads.namespace(NAMESPACE)).create();
      // The kubeconfig's users, as the server authenticates them, with the chart's approver role.
      server.access().authenticator().register("alice-token", UserInfo.user("alice", "sre", "dev"));
      server.access().authenticator().register("bob-token", UserInfo.user("bob"));
      server.bind("countersign-approver", null, UserInfo.user("alice", "sre", "dev"));
      server.bind("countersign-approver", "other", UserInfo.user("bob"));
      return harness;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String kubeconfig(String url) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "%s"}
        contexts:
          - name: mock
            context: {cluster: mock, user: alice, namespace: shop}
          - name: other
            context: {cluster: mock, user: bob, namespace: other}
        current-context: mock
        users:
          - name: alice
            user: {token: alice-token}
          - name: bob
            user: {token: bob-token}
        """
        .formatted(url);
  }

  /** Runs {@code kubectl approve ARGS} with {@code --kubeconfig} pointing at the mock server. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
    all.addAll(List.of(args));
    return runExactly(all);
  }

  /** Runs with exactly these arguments (no --kubeconfig added). */
  Result runExactly(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Environment env = environment(out, err);
    int code = KubectlApprove.run(args, env);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code kubectl approve ui --no-browser ARGS} in-process with this kubeconfig (the
   * current context unless ARGS give {@code --context}); closing it stops the server, the watches
   * and the connection.
   */
  Ui ui(String... args) {
    List<String> all =
        new ArrayList<>(List.of("ui", "--no-browser", "--kubeconfig", kubeconfig.toString()));
    all.addAll(List.of(args));
    Options options = Options.parse(all);
    Environment env = environment(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    Connection connection =
        Connection.open(
            options, env, io.fabric8.kubernetes.client.utils.KubernetesSerialization::new);
    try {
      return new Ui(connection, new UiCommand(connection, options, env).start());
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** A running {@code kubectl approve ui}. */
  record Ui(Connection connection, UiCommand.Running running) implements AutoCloseable {
    String url() {
      return running.server().url();
    }

    String base() {
      return running.server().base();
    }

    String token() {
      return running.server().token();
    }

    @Override
    public void close() {
      running.close();
      connection.close();
    }
  }

  private Environment environment(ByteArrayOutputStream out, ByteArrayOutputStream err) {
    return new Environment(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        interactive,
        question -> {
          questions.add(question);
          return prompt.ask(question);
        },
        Map.copyOf(variables),
        identity,
        Clock.systemUTC());
  }

  /** Creates the request and gives it the status the operator gives one awaiting approval. */
  ActionRequest awaiting(ActionRequest request, RequiredApprovals required) {
    if (request.getMetadata().getNamespace() == null
        || request.getMetadata().getNamespace().equals("default")) {
      request.getMetadata().setNamespace(NAMESPACE);
    }
    ActionRequest created = server.fileAsRequester(request);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Decision decision =
        new Decision(
            Decision.Verdict.NeedsApproval,
            List.of("policy shop-web-agents requires approval"),
            List.of("Allowed", "NeedsApproval"),
            List.of(
                new Decision.PolicyMatch(
                    "shop-web-agents", 1L, "Allow", "allows it with 1 approval from alice")),
            required,
            now.plus(2, ChronoUnit.HOURS).toString(),
            now.toString());
    created.setStatus(
        ActionRequestStatus.empty()
            .withPhase(
                Phase.AwaitingApproval, "waiting for approval (0/" + required.minApprovals() + ")")
            .withDecision(decision)
            .withApprovals("0/" + required.minApprovals(), List.of()));
    return client.resource(created).updateStatus();
  }

  /** Gives an existing request another phase, as if the operator had moved it on. */
  ActionRequest moveTo(ActionRequest request, Phase phase, String message) {
    ActionRequest live = client.resource(request).get();
    live.setStatus(live.getStatus().withPhase(phase, message));
    return client.resource(live).updateStatus();
  }

  List<Approval> approvals() {
    return client.resources(Approval.class).inNamespace(NAMESPACE).list().getItems();
  }

  static RequiredApprovals approvers(List<String> users, List<String> groups) {
    return new RequiredApprovals(1, users, groups);
  }

  @Override
  public void close() {
    client.close();
    server.close();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
