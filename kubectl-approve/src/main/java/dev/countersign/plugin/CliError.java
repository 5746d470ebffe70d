package dev.countersign.plugin;

/**
 * A failure the user is told about in one message, with an {@link ExitCode}. It carries no stack
 * trace: the plugin never prints one.
 */
public final class CliError extends RuntimeException {
  private final ExitCode exitCode;

  public CliError(ExitCode exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  static CliError usage(String message) {
    return new CliError(ExitCode.USAGE, message + "\nRun 'kubectl approve --help' for usage.");
  }
}
