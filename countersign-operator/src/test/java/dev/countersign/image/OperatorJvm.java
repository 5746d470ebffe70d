package dev.countersign.image;

import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM flags the container image runs the operator with; the load benchmark runs it with the
 * same, so that its memory and throughput figures are the image's.
 *
 * <p>C1 only: on the one or two cores an operator pod gets, C2's compiler threads cost more CPU
 * than its faster code saves, and its code and arenas tens of MB. Measured with LoadBench (10,000
 * requests at 1,000/s, heap 128 MB): 327 decisions/s and 246 MB RSS with C1 only and a 32 MB code
 * cache, 265 decisions/s and 312 MB with both compilers and a 64 MB one. The heap is a quarter of
 * the container's memory: 128 MB under the chart's 512 Mi limit, which held 10,000 requests in the
 * informer's cache without trouble.
 */
public final class OperatorJvm {
  public static final List<String> FLAGS =
      Stream.concat(
              Stream.of(
                  "-XX:MaxRAMPercentage=25",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:ReservedCodeCacheSize=32m",
                  "-XX:MaxMetaspaceSize=128m",
                  "-Xss256k",
                  "-XX:+ExitOnOutOfMemoryError"),
              unsafeMemoryAccess(Runtime.version().feature()))
          .toList();

  /** The chart's memory limit, for a JVM run outside a container to size itself by. */
  public static final String CHART_MEMORY_LIMIT = "-XX:MaxRAM=512m";

  private OperatorJvm() {}

  /**
   * The image's JRE is made from the build's JDK (jlink), and the load benchmark runs the build's
   * java. From JDK 24 on, the JVM warns at start-up when Netty (under Vert.x) first uses
   * sun.misc.Unsafe's memory access unless it is allowed; the flag exists from 23 on.
   */
  static Stream<String> unsafeMemoryAccess(int jdk) {
    return jdk >= 23 ? Stream.of("--sun-misc-unsafe-memory-access=allow") : Stream.empty();
  }
}
