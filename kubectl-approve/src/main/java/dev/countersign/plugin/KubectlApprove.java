package dev.countersign.plugin;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code kubectl approve} plugin: lists the requests awaiting the caller's approval, shows one
 * with everything an approver needs, and approves or rejects it. Plain Java on the Fabric8 client;
 * it never starts Quarkus or the operator. See {@link Help} for usage and {@link ExitCode} for exit
 * codes. Nothing it prints is a stack trace.
 */
public final class KubectlApprove {
  private KubectlApprove() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), Environment.system()));
  }

  /** Runs one command and returns its exit code. */
  public static int run(List<String> args, Environment env) {
    try {
      return execute(args, env).code();
    } catch (CliError e) {
      env.err().println("error: " + e.getMessage());
      return e.exitCode().code();
    } catch (KubernetesClientException e) {
      CliError error = Failures.translate(e, "talk to the API server");
      env.err().println("error: " + error.getMessage());
      return error.exitCode().code();
    } catch (RuntimeException | Error e) {
      env.err().println("error: " + e.getClass().getSimpleName() + ": " + Failures.describe(e));
      return ExitCode.ERROR.code();
    }
  }

  private static ExitCode execute(List<String> args, Environment env) {
    Options options = Options.parse(args);
    if (options.help()) {
      env.out().print(Help.text());
      return ExitCode.OK;
    }
    if (options.completion() != null) {
      env.out().print(Completion.script(options.completion()));
      return ExitCode.OK;
    }
    StartupWarmUp warmUp =
        StartupWarmUp.begin(options.ui() || !options.listing() || options.output() != null);
    try (Connection connection = Connection.open(options, env, warmUp::serialization)) {
      if (options.ui()) {
        return new UiCommand(connection, options, env).run();
      }
      return options.listing()
          ? new PendingList(connection, options, env).run()
          : new RequestCommand(connection, options, env).run();
    }
  }
}
