package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code --wait}: watches the request until its phase is terminal, and prints how it ended. */
final class OutcomeWait {
  private final Connection connection;
  private final Environment env;
  private final PrintStream report;

  /**
   * @param report where the outcome is printed: stdout, or stderr when stdout holds a JSON or YAML
   *     document
   */
  OutcomeWait(Connection connection, Environment env, PrintStream report) {
    this.connection = connection;
    this.env = env;
    this.report = report;
  }

  /**
   * Waits, prints the outcome, and says whether it is what the caller asked for: Succeeded (or
   * Evaluated, for a dry run) after an approval, Rejected after a rejection.
   */
  ExitCode await(ActionRequest request, boolean rejected, Duration timeout) {
    String name = request.getMetadata().getName();
    env.err()
        .println("waiting up to " + HumanDuration.format(timeout) + " for " + name + " to finish…");
    ActionRequest done;
    try {
      done =
          connection
              .client()
              .resources(ActionRequest.class)
              .inNamespace(connection.namespace())
              .withName(name)
              .waitUntilCondition(
                  r -> r == null || r.phase().isTerminal(),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new CliError(
          ExitCode.WAIT_TIMED_OUT,
          name
              + " did not finish within "
              + HumanDuration.format(timeout)
              + "; it is still waiting");
    } catch (KubernetesClientException e) {
      throw Failures.translate(
          e, "watch actionrequests.countersign.dev " + name + " at " + connection.server());
    }
    if (done == null) {
      throw new CliError(ExitCode.NOT_FOUND, name + " was deleted while waiting for it");
    }
    Phase phase = done.phase();
    report.println(
        name
            + ": "
            + phase
            + (done.getStatus().message() == null ? "" : " — " + done.getStatus().message()));
    ExecutionRecord execution = done.getStatus().execution();
    if (execution != null) {
      execution
          .changes()
          .forEach(c -> report.println("  " + c.field() + ": " + c.from() + " → " + c.to()));
    }
    boolean asked =
        rejected ? phase == Phase.Rejected : phase == Phase.Succeeded || phase == Phase.Evaluated;
    return asked ? ExitCode.OK : ExitCode.ENDED_OTHERWISE;
  }
}
