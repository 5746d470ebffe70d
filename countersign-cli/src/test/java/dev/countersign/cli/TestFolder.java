package dev.countersign.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of test files and policies for one test: the example policy {@code
 * autoscaling-within-bounds} under {@code policies/}, and a test file written from a text block.
 */
final class TestFolder {
  /** Scales web in shop from 4 to 8: Allowed by autoscaling-within-bounds. */
  static final String BASE =
      """
      apiVersion: cli.countersign.dev/v1alpha1
      kind: PolicyTest
      metadata: {name: scaling}
      policies: [policies]
      fixtures:
        now: {instant: "2026-12-02T10:00:00Z"}
        namespaces:
          - {name: shop, labels: {team: shop}}
        workloads:
          - {kind: Deployment, name: web, namespace: shop, labels: {tier: web}, replicas: 4}
      cases:
        - name: scales-web
          request:
            spec:
              requester: system:serviceaccount:agents:autoscaler
              action: scale
              target: {kind: Deployment, name: web}
              scale: {replicas: 8}
          expect: {verdict: Allowed}
      """;

  final Path dir;

  TestFolder(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir.resolve("policies"));
      Files.copy(
          CliRun.repoRoot().resolve("config/policies/autoscaling-within-bounds.yaml"),
          dir.resolve("policies/autoscaling-within-bounds.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code name} with this text; returns its path. */
  Path write(String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the base test file with {@code from} replaced by {@code to}; returns its path. */
  Path testFile(String from, String to) {
    if (!BASE.contains(from)) {
      throw new IllegalArgumentException("the base test file has no " + from);
    }
    return write("t.countersign-test.yaml", BASE.replace(from, to));
  }
}
