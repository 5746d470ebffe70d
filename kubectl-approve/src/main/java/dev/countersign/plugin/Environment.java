package dev.countersign.plugin;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the plugin reads from and writes to outside the cluster: output streams, the question at the
 * prompt, environment variables, how the caller's identity is found, and the clock. Tests pass
 * their own; {@link #system()} is the real one.
 *
 * @param interactive whether a person is at a terminal to answer the confirmation question
 * @param prompt asks the person a question and returns the answer (empty at end of input)
 * @param httpClients the HTTP client implementation the Fabric8 client is built on
 */
public record Environment(
    PrintStream out,
    PrintStream err,
    boolean interactive,
    Prompt prompt,
    Map<String, String> variables,
    IdentityResolver identity,
    Clock clock,
    Supplier<HttpClient.Factory> httpClients) {

  /** An environment whose client uses the HTTP client Fabric8 finds on the classpath. */
  public Environment(
      PrintStream out,
      PrintStream err,
      boolean interactive,
      Prompt prompt,
      Map<String, String> variables,
      IdentityResolver identity,
      Clock clock) {
    this(
        out,
        err,
        interactive,
        prompt,
        variables,
        identity,
        clock,
        HttpClientUtils::getHttpClientFactory);
  }

  /** Asks one question at the terminal. */
  @FunctionalInterface
  public interface Prompt {
    String ask(String question);
  }

  /** The process's own streams, terminal, environment and clock. */
  public static Environment system() {
    PrintStream err = System.err;
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
    Prompt prompt =
        question -> {
          err.print(question);
          err.flush();
          try {
            String line = in.readLine();
            return line == null ? "" : line;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return new Environment(
        System.out,
        err,
        onTerminal(),
        prompt,
        System.getenv(),
        new SelfSubjectReviewIdentity(),
        Clock.systemUTC(),
        ClosingHttpClientFactory::new);
  }

  /**
   * Whether stdin and stdout are a terminal. {@code System.console()} answers that up to Java 21;
   * from Java 22 it returns a console for pipes too, and {@code Console.isTerminal()} tells.
   */
  private static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
