package dev.countersign.plugin;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

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
        if (e.getCode() == 0 || ioCause(e) != null) {
          yield new CliError(
              ExitCode.NO_CLUSTER,
              "no cluster reachable (trying to " + doing + "): " + unreachable(e));
        }
        yield new CliError(
            ExitCode.ERROR,
            "the API server answered " + e.getCode() + " to " + doing + ": " + serverMessage(e));
      }
    };
  }

  /**
   * Why the API server could not be reached, in words: the JDK's exceptions for these cases often
   * carry no message at all (a refused TLS connection surfaces as a bare ClosedChannelException).
   */
  static String unreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
        return "the API server's host name does not resolve (check the server URL in the"
            + " kubeconfig)";
      }
      if (c instanceof ConnectException) {
        return "the connection was refused: nothing listens at the server URL of the kubeconfig";
      }
      if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException) {
        return "the API server did not answer in time";
      }
      if (c instanceof SSLException) {
        return "the TLS handshake failed: " + describe(c);
      }
      if (c instanceof ClosedChannelException) {
        return "the connection was refused or closed before the API server answered (is the"
            + " server URL in the kubeconfig right, and the cluster up?)";
      }
    }
    return describe(e);
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
