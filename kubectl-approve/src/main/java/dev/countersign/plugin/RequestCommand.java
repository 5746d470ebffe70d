package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.approval.Approval;
import dev.countersign.quorum.SpecHash;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code kubectl approve NAME}: shows the request, asks, and creates an Approval bound to the uid
 * and spec hash of exactly what was shown. Before creating it, the request is read again; if its
 * uid or spec changed since it was shown, nothing is created (stale view).
 */
final class RequestCommand {
  private final Connection connection;
  private final Options options;
  private final Environment env;

  RequestCommand(Connection connection, Options options, Environment env) {
    this.connection = connection;
    this.options = options;
    this.env = env;
  }

  ExitCode run() {
    Supplier<Identity> identity = env.identity().inBackground(connection);
    ActionRequest shown = read();
    String hash = SpecHash.of(shown.getSpec());
    Identity me = identity.get();
    Optional<String> whyNot = ApproverCheck.whyNot(shown, me);
    boolean onlyShow = options.show() || (options.output() != null && !options.yes());
    if (!onlyShow) {
      checkDecidable(shown, me);
    }
    List<String> changes =
        new ChangePreview(connection.client(), env.clock())
            .lines(connection.namespace(), shown.getSpec());
    print(shown, hash, changes, me, whyNot);
    if (onlyShow) {
      return ExitCode.OK;
    }
    confirm(shown);
    Approval created = create(shown, hash, me);
    // With -o json|yaml, stdout holds only the document; what happened goes to stderr.
    PrintStream report = options.output() == null ? env.out() : env.err();
    report.println(
        "approval "
            + created.getMetadata().getName()
            + " created: "
            + me.user()
            + (options.reject() ? " rejects " : " approves ")
            + name()
            + " (spec hash "
            + hash
            + ")");
    return options.waitForOutcome()
        ? new OutcomeWait(connection, env, report).await(shown, options.reject(), options.timeout())
        : ExitCode.OK;
  }

  private void checkDecidable(ActionRequest request, Identity me) {
    ApprovalFiling.checkDecidable(request, me, name());
    if (!options.yes() && !env.interactive()) {
      throw CliError.usage(
          "not on a terminal, so nobody can answer the question: pass --yes to "
              + (options.reject() ? "reject" : "approve")
              + " without it, or --show to only look");
    }
  }

  private void print(
      ActionRequest shown,
      String hash,
      List<String> changes,
      Identity me,
      Optional<String> whyNot) {
    if (options.output() == null) {
      env.out().print(RequestView.render(shown, hash, changes, me, whyNot, env.clock()));
      return;
    }
    var document =
        new ShowDocument(shown, hash, changes, me.user(), whyNot.isEmpty(), whyNot.orElse(null));
    var serialization = connection.client().getKubernetesSerialization();
    env.out()
        .print(
            "json".equals(options.output())
                ? serialization.asJson(document) + "\n"
                : serialization.asYaml(document));
  }

  private void confirm(ActionRequest shown) {
    if (options.yes()) {
      return;
    }
    String verb = options.reject() ? "Reject" : "Approve";
    String answer =
        env.prompt()
            .ask(
                "\n"
                    + verb
                    + " "
                    + RequestText.action(shown.getSpec())
                    + " "
                    + RequestText.target(shown.getSpec())
                    + " in "
                    + connection.namespace()
                    + "? Type yes to "
                    + verb.toLowerCase(java.util.Locale.ROOT)
                    + ": ");
    if (!"yes".equalsIgnoreCase(answer.strip())) {
      throw new CliError(
          ExitCode.DECLINED,
          "not " + (options.reject() ? "rejected" : "approved") + ": nothing was created");
    }
  }

  private Approval create(ActionRequest shown, String hash, Identity me) {
    return ApprovalFiling.of(connection.client(), connection.server(), shown, hash)
        .file(me, options.reject(), options.reason(), "Run the command again");
  }

  private ActionRequest read() {
    return ApprovalFiling.read(
        connection.client(), connection.server(), connection.namespace(), options.name());
  }

  private String name() {
    return connection.namespace() + "/" + options.name();
  }
}
