package dev.countersign.plugin;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kubectl approve ui}: lists and watches the requests the user may read, serves the page on
 * 127.0.0.1, prints its URL (with the session token) and opens it in a browser unless {@code
 * --no-browser}. Runs until interrupted (Ctrl-C). Nothing is installed in the cluster: every call
 * is the user's own, with their kubeconfig's credentials.
 */
final class UiCommand {
  private final Connection connection;
  private final Options options;
  private final Environment env;

  UiCommand(Connection connection, Options options, Environment env) {
    this.connection = connection;
    this.options = options;
    this.env = env;
  }

  /** Starts the timeline and the server; the caller closes them. */
  Running start() {
    var identity = env.identity().inBackground(connection);
    UiTimeline timeline =
        UiTimeline.start(connection.client(), options.namespaces(), connection.namespace());
    try {
      UiServer server =
          UiServer.start(
              connection,
              timeline,
              identity.get(),
              env.clock(),
              options.port() == null ? 0 : options.port());
      return new Running(timeline, server);
    } catch (RuntimeException e) {
      timeline.close();
      throw e;
    }
  }

  ExitCode run() {
    try (Running running = start()) {
      env.out().println("Countersign timeline for " + connection.server() + " at");
      env.out().println("  " + running.server().url());
      running
          .timeline()
          .unreadable()
          .forEach(
              u ->
                  env.err()
                      .println(
                          "warning: namespace "
                              + u.namespace()
                              + " is not readable: "
                              + u.message()));
      env.out().println("Keep this URL to yourself: it carries the session's token. Ctrl-C stops.");
      if (!options.noBrowser()) {
        openBrowser(running.server().url());
      }
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    }
  }

  private void openBrowser(String url) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command =
        os.contains("mac")
            ? List.of("open", url)
            : os.contains("win")
                ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                : List.of("xdg-open", url);
    try {
      new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      env.err().println("could not open a browser (" + command.get(0) + "): open the URL above");
    }
  }

  /** The running timeline and server. */
  record Running(UiTimeline timeline, UiServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
      timeline.close();
    }
  }
}
