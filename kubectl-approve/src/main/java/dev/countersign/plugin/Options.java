package dev.countersign.plugin;

import dev.countersign.policy.GoDuration;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The command line of {@code kubectl approve}, parsed and checked for conflicts. Flags take their
 * value as {@code --flag value} or {@code --flag=value}; short ones also as {@code -nvalue}.
 */
public record Options(
    String name,
    String kubeconfig,
    String context,
    String namespace,
    boolean allNamespaces,
    String output,
    boolean yes,
    boolean show,
    boolean reject,
    String reason,
    boolean waitForOutcome,
    Duration timeout,
    boolean help,
    String completion,
    boolean ui,
    Integer port,
    boolean noBrowser) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** Whether the command only lists (no NAME). */
  public boolean listing() {
    return name == null;
  }

  /**
   * Parses the arguments.
   *
   * @throws CliError with {@link ExitCode#USAGE} for anything unknown, missing or conflicting
   */
  public static Options parse(List<String> args) {
    Builder b = new Builder();
    Deque<String> rest = new ArrayDeque<>(args);
    // `kubectl approve ui ...` is the one subcommand, recognised only as the first argument: a
    // request named "ui" is still reached as `kubectl approve -n NS ui`.
    if (!rest.isEmpty() && rest.peekFirst().equals("ui")) {
      rest.removeFirst();
      b.ui = true;
    }
    while (!rest.isEmpty()) {
      String arg = rest.removeFirst();
      if (arg.equals("--")) {
        rest.forEach(b::positional);
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        b.positional(arg);
        continue;
      }
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      } else if (!arg.startsWith("--") && arg.length() > 2) {
        flag = arg.substring(0, 2);
        inline = arg.substring(2).startsWith("=") ? arg.substring(3) : arg.substring(2);
      }
      switch (flag) {
        case "-h", "--help" -> b.help = noValue(flag, inline);
        case "-A", "--all-namespaces" -> b.allNamespaces = noValue(flag, inline);
        case "-y", "--yes" -> b.yes = noValue(flag, inline);
        case "--show" -> b.show = noValue(flag, inline);
        case "--reject" -> b.reject = noValue(flag, inline);
        case "--wait" -> b.waitForOutcome = noValue(flag, inline);
        case "--kubeconfig" -> b.kubeconfig = value(flag, inline, rest);
        case "--context" -> b.context = value(flag, inline, rest);
        case "-n", "--namespace" -> b.namespace = value(flag, inline, rest);
        case "-o", "--output" -> b.output = value(flag, inline, rest);
        case "--reason" -> b.reason = value(flag, inline, rest);
        case "--timeout" -> b.timeout = duration(value(flag, inline, rest));
        case "--completion" -> b.completion = value(flag, inline, rest);
        case "--port" -> b.port = port(value(flag, inline, rest));
        case "--no-browser" -> b.noBrowser = noValue(flag, inline);
        default -> throw CliError.usage("unknown flag " + flag);
      }
    }
    return b.build();
  }

  private static boolean noValue(String flag, String inline) {
    if (inline != null) {
      throw CliError.usage(flag + " takes no value");
    }
    return true;
  }

  private static String value(String flag, String inline, Deque<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty() || (rest.peekFirst().startsWith("-") && rest.peekFirst().length() > 1)) {
      throw CliError.usage(flag + " needs a value");
    }
    return rest.removeFirst();
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw CliError.usage("--port needs a port number from 0 to 65535: " + text);
  }

  /** The namespaces {@code -n} names: for {@code ui}, a comma-separated list. */
  public java.util.List<String> namespaces() {
    return namespace == null
        ? List.of()
        : java.util.Arrays.stream(namespace.split(","))
            .map(String::strip)
            .filter(n -> !n.isEmpty())
            .toList();
  }

  private static Duration duration(String text) {
    return GoDuration.parse(text)
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(
            () -> CliError.usage("--timeout needs a duration such as 30s, 10m or 1h: " + text));
  }

  private static final class Builder {
    String name;
    String kubeconfig;
    String context;
    String namespace;
    boolean allNamespaces;
    String output;
    boolean yes;
    boolean show;
    boolean reject;
    String reason;
    boolean waitForOutcome;
    Duration timeout;
    boolean help;
    String completion;
    boolean ui;
    Integer port;
    boolean noBrowser;

    void positional(String arg) {
      if (name != null) {
        throw CliError.usage("one request at a time: got " + name + " and " + arg);
      }
      name = arg;
    }

    Options build() {
      if (!help && completion == null) {
        check();
      }
      if (completion != null && !List.of("bash", "zsh").contains(completion)) {
        throw CliError.usage("--completion needs bash or zsh: " + completion);
      }
      return new Options(
          name,
          kubeconfig,
          context,
          namespace,
          allNamespaces,
          output,
          yes,
          show,
          reject,
          reason,
          waitForOutcome,
          timeout == null ? DEFAULT_TIMEOUT : timeout,
          help,
          completion,
          ui,
          port,
          noBrowser);
    }

    private void check() {
      if (ui) {
        checkUi();
        return;
      }
      if (port != null || noBrowser) {
        throw CliError.usage("--port and --no-browser are for `kubectl approve ui`");
      }
      if (output != null && !List.of("json", "yaml").contains(output)) {
        throw CliError.usage("-o needs json or yaml: " + output);
      }
      if (allNamespaces && name != null) {
        throw CliError.usage("-A lists requests; to show one, give NAME with -n NAMESPACE");
      }
      if (allNamespaces && namespace != null) {
        throw CliError.usage("-A and -n exclude each other");
      }
      if (name == null && (yes || show || reject || reason != null || waitForOutcome)) {
        throw CliError.usage("--yes, --show, --reject, --reason and --wait need a request NAME");
      }
      if (reject && (reason == null || reason.isBlank())) {
        throw CliError.usage(
            "--reject needs --reason \"why\": the agent and the audit trail read it");
      }
      if (show && (yes || reject || waitForOutcome)) {
        throw CliError.usage("--show only shows; it excludes --yes, --reject and --wait");
      }
      checkName();
    }

    private void checkUi() {
      if (name != null) {
        throw CliError.usage("`kubectl approve ui` takes no request NAME: got " + name);
      }
      if (yes || show || reject || reason != null || waitForOutcome || output != null) {
        throw CliError.usage(
            "`kubectl approve ui` takes no --yes, --show, --reject, --reason, --wait or -o:"
                + " approve and reject on the page");
      }
      if (allNamespaces && namespace != null) {
        throw CliError.usage("-A and -n exclude each other");
      }
      if (namespace != null) {
        for (String ns : namespace.split(",")) {
          if (!ns.strip().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw CliError.usage("not a valid namespace: " + ns.strip());
          }
        }
      }
    }

    private void checkName() {
      if (name != null && !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
        throw CliError.usage("not a valid request name: " + name);
      }
    }
  }
}
