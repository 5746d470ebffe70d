package dev.countersign.cli.testfile;

import dev.countersign.cli.testfile.Fixtures.WorkloadFixture;
import dev.countersign.policy.PastAction;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fixtures, checked and parsed: what the cases are decided against.
 *
 * @param now the instant of deciding; empty when the fixtures name none (the current time is used)
 * @param zone the zone local times are read in
 * @param namespaceLabels the labels of each namespace, by name
 * @param workloads the workloads
 * @param history the earlier executed actions
 */
public record World(
    Optional<Instant> now,
    ZoneId zone,
    Map<String, Map<String, String>> namespaceLabels,
    List<WorkloadFixture> workloads,
    List<PastAction> history) {

  /** Checks and parses {@code fixtures}; {@code field} is where they are in {@code file}. */
  public static World of(Fixtures fixtures, Object file, String field) {
    String at = field.isEmpty() ? "" : field + ".";
    ZoneId zone = ZoneId.of("UTC");
    Optional<Instant> now = Optional.empty();
    if (fixtures.now() != null) {
      if (fixtures.now().zone() != null) {
        try {
          zone = ZoneId.of(fixtures.now().zone());
        } catch (java.time.DateTimeException e) {
          throw InvalidFile.at(
              file,
              at + "now.zone",
              "\"" + fixtures.now().zone() + "\" is not a time zone such as Europe/Berlin or UTC");
        }
      }
      if (fixtures.now().instant() == null) {
        throw InvalidFile.at(file, at + "now.instant", "missing");
      }
      now = Optional.of(instant(fixtures.now().instant(), zone, file, at + "now.instant"));
    }
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    for (int i = 0; i < fixtures.namespaces().size(); i++) {
      var ns = fixtures.namespaces().get(i);
      String where = at + "namespaces[" + i + "]";
      require(ns.name(), file, where + ".name");
      if (labels.put(ns.name(), ns.labels()) != null) {
        throw InvalidFile.at(file, where + ".name", "namespace " + ns.name() + " is given twice");
      }
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fixtures.workloads().size(); i++) {
      WorkloadFixture w = fixtures.workloads().get(i);
      String where = at + "workloads[" + i + "]";
      require(w.kind(), file, where + ".kind");
      require(w.name(), file, where + ".name");
      require(w.namespace(), file, where + ".namespace");
      if (!Set.of("Deployment", "StatefulSet").contains(w.kind())) {
        throw InvalidFile.at(
            file, where + ".kind", "\"" + w.kind() + "\" is not Deployment or StatefulSet");
      }
      if (!seen.add(w.namespace() + "/" + w.kind() + "/" + w.name())) {
        throw InvalidFile.at(file, where, w.kind() + " " + w.name() + " is given twice");
      }
      if (w.replicas() != null && w.replicas() < 0) {
        throw InvalidFile.at(file, where + ".replicas", w.replicas() + " is negative");
      }
      for (int r = 0; r < w.revisions().size(); r++) {
        var revision = w.revisions().get(r);
        if (revision.revision() == null || revision.revision() < 1) {
          throw InvalidFile.at(
              file, where + ".revisions[" + r + "].revision", "must be a number from 1 up");
        }
      }
      if (w.currentRevision() != null
          && w.revisions().stream().noneMatch(r -> r.revision().equals(w.currentRevision()))) {
        throw InvalidFile.at(
            file,
            where + ".currentRevision",
            w.currentRevision() + " is not among the workload's revisions");
      }
    }
    List<PastAction> history = new ArrayList<>();
    for (int i = 0; i < fixtures.history().size(); i++) {
      var h = fixtures.history().get(i);
      String where = at + "history[" + i + "]";
      require(h.requester(), file, where + ".requester");
      require(h.namespace(), file, where + ".namespace");
      require(h.kind(), file, where + ".kind");
      require(h.name(), file, where + ".name");
      require(h.startedAt(), file, where + ".startedAt");
      Instant started = instant(h.startedAt(), zone, file, where + ".startedAt");
      Instant finished =
          h.finishedAt() == null
              ? null
              : instant(h.finishedAt(), zone, file, where + ".finishedAt");
      history.add(
          new PastAction(
              h.request() == null ? h.namespace() + "/history-" + i : h.request(),
              h.requester(),
              h.namespace(),
              h.kind(),
              h.name(),
              Set.copyOf(h.allowedBy()),
              started,
              finished));
    }
    return new World(now, zone, labels, fixtures.workloads(), history);
  }

  /** An instant, an offset date-time, or a local date-time read in {@code zone}. */
  public static Instant instant(String text, ZoneId zone, Object file, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeParseException e2) {
        throw InvalidFile.at(
            file,
            field,
            "\""
                + text
                + "\" is not a time such as 2026-12-05T10:00:00Z (or a local time like"
                + " 2026-12-05T11:00:00, read in fixtures.now.zone)");
      }
    }
  }

  static void require(Object value, Object file, String field) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw InvalidFile.at(file, field, "missing");
    }
  }

  /** The workload with this namespace, kind and name. */
  public Optional<WorkloadFixture> workload(String namespace, String kind, String name) {
    return workloads.stream()
        .filter(w -> w.namespace().equals(namespace) && w.kind().equals(kind))
        .filter(w -> w.name().equals(name))
        .findFirst();
  }
}
