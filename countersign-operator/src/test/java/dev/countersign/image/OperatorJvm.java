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
 *
 * <p>The informer's cached requests are most of the heap, and strings most of those (a heap
 * histogram at 10,000 cached: 55 of 103 MB in String and its byte arrays, many of them equal: agent
 * names, kinds, policy names, condition types and reasons). String deduplication (every collector
 * since JDK 18) shares equal ones, and JDK 25's compact object headers (JEP 519) take 4 bytes off
 * every object. Measured with LoadBench on 2026-12-03 (2 cores, load 2.5-3, 1,000 requests each at
 * 20/s and 100/s, then a fill to 10,000): max RSS 252 -> 220 MB; CPU per decision 9.26 -> 7.93 ms
 * at 20/s, 4.70 -> 4.17 ms at 100/s (no worse; within this machine's noise).
 *
 * <p>The JVM unloads old compiled code with a collection (a full one with the serial collector)
 * whenever the code compiled since the last collection passes {@code SweeperThreshold} percent of
 * the code cache: 15 % by default, 4.8 MB of 32. The load compiles more than that after start-up,
 * so a full collection of 60-70 ms came 2-20 s into the load and held up the decisions queued
 * behind it by up to 200 ms (LoadBench with -Xlog:gc, "Pause Full (CodeCache GC Threshold)"). With
 * C1 alone compiled code is seldom replaced, so there is little to unload; at 50 % (16 MB) none
 * came during the benchmark. The operator's code needs about 16 MB of the 32.
 */
public final class OperatorJvm {
  public static final List<String> FLAGS =
      Stream.concat(
              Stream.of(
                  "-XX:MaxRAMPercentage=25",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:ReservedCodeCacheSize=32m",
                  "-XX:SweeperThreshold=50",
                  "-XX:MaxMetaspaceSize=128m",
                  "-Xss256k",
                  "-XX:+UseStringDeduplication",
                  "-XX:+ExitOnOutOfMemoryError"),
              Stream.concat(
                  compactObjectHeaders(Runtime.version().feature()),
                  unsafeMemoryAccess(Runtime.version().feature())))
          .toList();

  /** The chart's memory limit, for a JVM run outside a container to size itself by. */
  public static final String CHART_MEMORY_LIMIT = "-XX:MaxRAM=512m";

  private OperatorJvm() {}

  /** Compact object headers are a product feature from JDK 25 on (JEP 519); 21 does not know it. */
  static Stream<String> compactObjectHeaders(int jdk) {
    return jdk >= 25 ? Stream.of("-XX:+UseCompactObjectHeaders") : Stream.empty();
  }

  /**
   * The image's JRE is made from the build's JDK (jlink), and the load benchmark runs the build's
   * java. From JDK 24 on, the JVM warns at start-up when Netty (under Vert.x) first uses
   * sun.misc.Unsafe's memory access unless it is allowed; the flag exists from 23 on.
   */
  static Stream<String> unsafeMemoryAccess(int jdk) {
    return jdk >= 23 ? Stream.of("--sun-misc-unsafe-memory-access=allow") : Stream.empty();
  }
}
