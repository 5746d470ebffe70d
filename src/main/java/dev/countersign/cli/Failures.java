package dev.countersign.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** Turns what the client throws into one message and an {@link ExitCode}. */
final class Failures {
  private Failures() {}

  /**
   * The failure as the user should read it.
   *
   * @param doing what the plugin was doing, e.g. "list actionrequests in namespace shop"
   */
  static CliError translate(KubernetesClientException e, String doing) {
    return switch (e.getCode()) {
      case 403 ->
          new CliError(
              ExitCode.FORBIDDEN,
              "forbidden: you may not "
                  + doing
                  + " (RBAC). Ask an admin to bind you to the countersign approver role. Server"
                  + " said: "
                  + serverMessage(e));
      case 401 ->
          new CliError(
              ExitCode.FORBIDDEN,
              "unauthorized: the API server did not accept your credentials; log in again");
      default -> {
        IOException io = ioCause(e);
        if (io != null || e.getCode() == 0) {
          yield new CliError(
              ExitCode.NO_CLUSTER,
              "no cluster reachable (trying to "
                  + doing
                  + "): "
                  + (io != null ? describe(io) : describe(e)));
        }
        yield new CliError(
            ExitCode.ERROR,
            "the API server answered " + e.getCode() + " to " + doing + ": " + serverMessage(e));
      }
    };
  }

  /** One line about a throwable: its class's simple name when it has no message. */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  private static String serverMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return describe(e);
  }

  private static IOException ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException io) {
        return io;
      }
    }
    return null;
  }
}
