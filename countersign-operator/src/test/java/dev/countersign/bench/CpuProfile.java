package dev.countersign.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the operator's Java threads spent their CPU, from a JFR recording's execution samples: each
 * sample goes to the first area its stack shows, walking from the running frame outwards (so a
 * sample in Jackson called by the HTTP client is JSON, one in the TLS engine called by Netty is
 * TLS). JIT compilation and GC run on VM threads JFR does not sample; they are the difference
 * between this and the process's CPU time.
 */
final class CpuProfile {
  /** Areas in the order a frame is tested against them; the first prefix that matches wins. */
  private static final List<Map.Entry<String, List<String>>> AREAS =
      List.of(
          Map.entry(
              "TLS and crypto",
              List.of("sun.security.", "com.sun.crypto.", "javax.crypto.", "java.security.")),
          Map.entry("JSON (Jackson)", List.of("com.fasterxml.jackson.")),
          Map.entry("YAML", List.of("org.yaml.", "org.snakeyaml.")),
          Map.entry(
              "logging",
              List.of("org.jboss.logmanager.", "org.jboss.logging.", "java.util.logging.")),
          Map.entry("metrics", List.of("io.micrometer.")),
          Map.entry("Events", List.of("dev.countersign.audit.EventRecorder")),
          Map.entry("decision core", List.of("dev.countersign.policy.", "dev.countersign.quorum.")),
          Map.entry("Countersign reconcilers", List.of("dev.countersign.")),
          Map.entry("JOSDK (events, caches, scheduling)", List.of("io.javaoperatorsdk.")),
          Map.entry("Fabric8 client (informers, requests)", List.of("io.fabric8.")),
          Map.entry("HTTP (Vert.x, Netty)", List.of("io.vertx.", "io.netty.")),
          Map.entry("Quarkus", List.of("io.quarkus.", "io.smallrye.")));

  private CpuProfile() {}

  /** Share of samples per area, largest first; "other (JDK)" for stacks of the JDK alone. */
  static Map<String, Double> areas(Path recording) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!"jdk.ExecutionSample".equals(event.getEventType().getName())
          || event.getStackTrace() == null) {
        continue;
      }
      counts.merge(area(event.getStackTrace().getFrames()), 1, Integer::sum);
      total++;
    }
    int all = Math.max(1, total);
    Map<String, Double> shares = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> shares.put(e.getKey(), 100.0 * e.getValue() / all));
    return shares;
  }

  private static String area(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      if (frame.getMethod() == null || frame.getMethod().getType() == null) {
        continue;
      }
      String type = frame.getMethod().getType().getName();
      for (var area : AREAS) {
        if (area.getValue().stream().anyMatch(type::startsWith)) {
          return area.getKey();
        }
      }
    }
    return "other (JDK)";
  }
}
