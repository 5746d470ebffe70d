package dev.countersign.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository itself (crds/, helm/, config/, deploy/), found from whichever module a
 * test or the sandbox runs in: the build passes the root as {@code repo.root}; without it, the
 * nearest parent directory that holds {@code helm/countersign} is the root.
 */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The repository's root directory. */
  public static Path root() {
    String configured = System.getProperty("repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("helm").resolve("countersign"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Countersign repository (helm/countersign) above "
            + Path.of("").toAbsolutePath()
            + "; set -Drepo.root");
  }

  /** A path inside the repository, e.g. {@code path("helm", "countersign")}. */
  public static Path path(String first, String... more) {
    return root().resolve(Path.of(first, more));
  }
}
