package dev.countersign.testkit.chart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps the JVM's own handling of SIGTERM, SIGINT and SIGHUP across a call into helm-java.
 *
 * <p>helm-java runs Helm's Go library inside this process, and once the Go runtime is in, those
 * signals no longer reach the JVM: a process that had rendered the chart (the sandbox, through
 * {@code ChartInstall}) ignored Ctrl+C and {@code kill}, and ran no shutdown hook. Measured with a
 * plain {@code main} that renders the chart and sleeps: alive 3 s after SIGTERM; with the handlers
 * put back after rendering, it ran its shutdown hook and exited. There is no switch in helm-java or
 * Go's runtime for a library not to take them, so the handlers the JVM had are put back after each
 * call (the JDK's {@code sun.misc.Signal}, as Quarkus uses for its own). SIGQUIT (thread dumps) is
 * reserved by the JVM and cannot be put back this way: after rendering, {@code jstack} and {@code
 * kill -3} get no answer from the process.
 */
final class JvmSignals {
  private static final List<String> SHUTDOWN = List.of("TERM", "INT", "HUP");

  /** What the JVM's own handler does with them: exit with 128 + the signal's number, hooks run. */
  private static final SignalHandler EXIT = signal -> System.exit(128 + signal.getNumber());

  private JvmSignals() {}

  /** The call's result, with the signals handled afterwards as they were before it. */
  static <T> T keptAcross(Supplier<T> call) {
    Map<Signal, SignalHandler> before = new LinkedHashMap<>();
    for (String name : SHUTDOWN) {
      Signal signal = new Signal(name);
      try {
        // Signal.handle answers the handler it replaces; EXIT stands in for the moment between.
        SignalHandler current = Signal.handle(signal, EXIT);
        Signal.handle(signal, current);
        before.put(signal, current);
      } catch (IllegalArgumentException e) {
        // Not the JVM's to handle (-Xrs): left alone.
      }
    }
    try {
      return call.get();
    } finally {
      before.forEach(Signal::handle);
    }
  }
}
