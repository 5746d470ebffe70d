package dev.countersign.testkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Two commands measured paired: run alternately (A, B, A, B, ...) after one unmeasured run of each,
 * so that both see the same server, rows and machine load. Each run's wall time is taken here
 * (process start to exit); its CPU time (user + system) and peak resident memory come from GNU
 * {@code /usr/bin/time -f} (the kernel's rusage of the process and its children), when that tool is
 * there; without it only wall time is reported.
 */
public final class PairedCommands {
  /** GNU time, which reports the rusage of the command it runs. */
  static final Path GNU_TIME = Path.of("/usr/bin/time");

  /**
   * One command to measure.
   *
   * @param label its name in the figures
   * @param argv the program and its arguments
   * @param env variables added to this process's environment
   * @param check given the run's standard output, why it is wrong, or null when it is right
   */
  public record Command(
      String label, List<String> argv, Map<String, String> env, Function<String, String> check) {}

  /**
   * {@code kubectl get areq} with this kubeconfig, its output checked: the side every listing
   * benchmark measures {@code kubectl approve} against.
   */
  public static Command kubectlGetAreq(Path kubectl, Path kubeconfig, int rows) {
    return new Command(
        "kubectl get areq",
        List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "get", "areq"),
        Map.of(),
        listsRows(rows));
  }

  /** A check that the output is a table of exactly {@code count} rows under its header. */
  public static Function<String, String> listsRows(int count) {
    return out -> {
      long rows = out.lines().count() - 1;
      return rows == count ? null : "listed " + rows + " rows, not " + count;
    };
  }

  /** One run's measures; CPU and RSS are -1 when GNU time is absent. */
  public record Run(long wallMillis, long cpuMillis, long peakRssKb) {}

  /** The medians of one command's runs. */
  public record Figures(String label, long wallMillis, long cpuMillis, long peakRssKb, int runs) {
    static Figures of(String label, List<Run> runs) {
      return new Figures(
          label,
          median(runs.stream().mapToLong(Run::wallMillis).toArray()),
          median(runs.stream().mapToLong(Run::cpuMillis).toArray()),
          median(runs.stream().mapToLong(Run::peakRssKb).toArray()),
          runs.size());
    }
  }

  private PairedCommands() {}

  /** Whether GNU time is there (CPU and peak memory can be measured). */
  public static boolean rusageAvailable() {
    if (!Files.isExecutable(GNU_TIME)) {
      return false;
    }
    try {
      Process probe =
          new ProcessBuilder(GNU_TIME.toString(), "-f", "%M", "true")
              .redirectErrorStream(true)
              .start();
      String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return probe.waitFor() == 0 && out.strip().matches("\\d+");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code a} and {@code b} alternately {@code runs} times each and returns their medians. */
  public static List<Figures> measure(Command a, Command b, int runs)
      throws IOException, InterruptedException {
    boolean rusage = rusageAvailable();
    run(a, rusage); // unmeasured: page cache, archives, the server's first answers
    run(b, rusage);
    List<Run> runsOfA = new ArrayList<>();
    List<Run> runsOfB = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      runsOfA.add(run(a, rusage));
      runsOfB.add(run(b, rusage));
    }
    return List.of(Figures.of(a.label(), runsOfA), Figures.of(b.label(), runsOfB));
  }

  /** One run of the command; fails if it exits non-zero or its output fails the check. */
  public static Run run(Command command, boolean rusage) throws IOException, InterruptedException {
    Path report = Files.createTempFile("paired-run", ".txt");
    try {
      List<String> argv = new ArrayList<>();
      if (rusage) {
        argv.addAll(List.of(GNU_TIME.toString(), "-o", report.toString(), "-f", "%U %S %M"));
      }
      argv.addAll(command.argv());
      ProcessBuilder builder = new ProcessBuilder(argv);
      builder.environment().putAll(command.env());
      Path err = Files.createTempFile("paired-run", ".err");
      builder.redirectError(err.toFile());
      long start = System.nanoTime();
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      String stderr = Files.readString(err);
      Files.delete(err);
      if (code != 0) {
        throw new IllegalStateException(
            command.label() + " exited " + code + ": " + stderr.strip());
      }
      String wrong = command.check().apply(out);
      if (wrong != null) {
        throw new IllegalStateException(command.label() + ": " + wrong);
      }
      if (!rusage) {
        return new Run(wall, -1, -1);
      }
      String[] fields = Files.readString(report).strip().split("\\s+");
      double cpuSeconds = Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]);
      return new Run(wall, Math.round(cpuSeconds * 1000), Long.parseLong(fields[2]));
    } finally {
      Files.deleteIfExists(report);
    }
  }

  /** The figures as a Markdown table, with each one's wall and CPU time over the first's. */
  public static String table(List<Figures> figures) {
    Figures base = figures.getFirst();
    StringBuilder out =
        new StringBuilder(
            "| command | median wall | median CPU | median peak RSS | wall ÷ first | CPU ÷ first"
                + " |\n|---|---|---|---|---|---|\n");
    for (Figures f : figures) {
      out.append(
          "| %s | %d ms | %s | %s | %.2f | %s |\n"
              .formatted(
                  f.label(),
                  f.wallMillis(),
                  f.cpuMillis() < 0 ? "n/a" : f.cpuMillis() + " ms",
                  f.peakRssKb() < 0 ? "n/a" : f.peakRssKb() / 1024 + " MB",
                  f.wallMillis() / (double) Math.max(1, base.wallMillis()),
                  f.cpuMillis() < 0
                      ? "n/a"
                      : "%.2f".formatted(f.cpuMillis() / (double) Math.max(1, base.cpuMillis()))));
    }
    if (base.cpuMillis() < 0) {
      out.append("(CPU time and peak memory need GNU time at ").append(GNU_TIME).append(")\n");
    }
    return out.toString();
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
  }
}
