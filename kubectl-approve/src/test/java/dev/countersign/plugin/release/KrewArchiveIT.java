package dev.countersign.plugin.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The krew archive built from what {@code mvn package} laid out in target/kubectl-approve/lib:
 * {@code make plugin-release} writes its sha256 into the manifest, its bytes depend on no file time
 * (so a rebuild of a release commit gives the recorded sha256), and krew's way of installing it
 * (unpack, run {@code kubectl-approve/kubectl-approve}) gives a working plugin. The committed
 * manifest names the archive of the last release; it is rewritten at release time, not on every
 * commit.
 */
class KrewArchiveIT {
  private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath();

  @TempDir Path dir;

  @Test
  void theReleaseWritesTheSha256OfTheArchiveThisBuildMakesIntoTheManifest() throws IOException {
    String manifest = Files.readString(ROOT.resolve(KrewRelease.MANIFEST));
    String sha = KrewRelease.sha256(KrewRelease.archive(ROOT));

    String released = KrewRelease.withSha256(manifest, sha, Runtime.version().feature());

    assertThat(KrewRelease.recordedSha256(released)).isEqualTo(sha);
    assertThat(KrewRelease.builtWith(released)).isEqualTo(Runtime.version().feature());
    assertThat(withoutShaLines(released))
        .as("nothing but the sha256 and its JDK note changes")
        .isEqualTo(withoutShaLines(manifest));
  }

  private static List<String> withoutShaLines(String manifest) {
    return manifest
        .lines()
        .filter(l -> !l.strip().startsWith("sha256:") && !l.strip().startsWith("# built by"))
        .toList();
  }

  @Test
  void theArchivesBytesDoNotDependOnWhenItsFilesWereWritten() throws IOException {
    Path copy = dir.resolve("root");
    for (String file :
        List.of(
            "LICENSE",
            KrewRelease.PLUGIN + "/kubectl-approve",
            KrewRelease.PLUGIN + "/kubectl_complete-approve")) {
      copyTouched(ROOT.resolve(file), copy.resolve(file));
    }
    for (Path jar : KrewRelease.jars(ROOT.resolve(KrewRelease.LIB))) {
      copyTouched(jar, copy.resolve(KrewRelease.LIB).resolve(jar.getFileName()));
    }

    assertThat(KrewRelease.archive(copy)).isEqualTo(KrewRelease.archive(ROOT));
  }

  @Test
  void krewUnpacksTheLauncherCompletionLicenseAndEveryJarAndThePluginRuns() throws Exception {
    Path archive = dir.resolve("kubectl-approve.tar.gz");
    Files.write(archive, KrewRelease.archive(ROOT));
    List<String> expected =
        new ArrayList<>(
            List.of(
                "drwxr-xr-x 0/0 kubectl-approve/",
                "-rw-r--r-- 0/0 kubectl-approve/LICENSE",
                "-rwxr-xr-x 0/0 kubectl-approve/kubectl-approve",
                "-rwxr-xr-x 0/0 kubectl-approve/kubectl_complete-approve",
                "drwxr-xr-x 0/0 kubectl-approve/lib/"));
    for (Path jar : KrewRelease.jars(ROOT.resolve(KrewRelease.LIB))) {
      expected.add("-rw-r--r-- 0/0 kubectl-approve/lib/" + jar.getFileName());
    }

    Run listing = run(Map.of(), "tar", "--numeric-owner", "-tvzf", archive.toString());
    Run unpack = run(Map.of(), "tar", "-xzf", archive.toString(), "-C", dir.toString());
    Run help =
        run(
            Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "XDG_CACHE_HOME", dir.resolve("cache").toString(),
                "COUNTERSIGN_PLUGIN_JAVA_OPTS", "-Xshare:auto"),
            dir.resolve("kubectl-approve/kubectl-approve").toString(),
            "--help");

    assertThat(listing.code()).as(listing.err()).isZero();
    assertThat(listing.out().lines().map(KrewArchiveIT::modeOwnerAndName))
        .containsExactlyElementsOf(expected);
    assertThat(unpack.code()).as(unpack.err()).isZero();
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).contains("kubectl approve");
  }

  /** "-rwxr-xr-x 0/0 12 2026-12-02 00:00 NAME" as "-rwxr-xr-x 0/0 NAME". */
  private static String modeOwnerAndName(String line) {
    String[] fields = line.split("\\s+");
    return fields[0] + " " + fields[1] + " " + fields[fields.length - 1];
  }

  private static void copyTouched(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
    Files.setLastModifiedTime(to, FileTime.from(Instant.now().minusSeconds(86_400)));
  }

  private static Run run(Map<String, String> variables, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("COUNTERSIGN_PLUGIN_LIB");
    builder.environment().putAll(variables);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, err);
  }

  private record Run(int code, String out, String err) {}
}
