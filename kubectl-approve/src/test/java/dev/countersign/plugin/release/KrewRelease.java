package dev.countersign.plugin.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The krew release of {@code kubectl approve}: the archive {@code approve.krew.yaml} points to, and
 * its sha256 written into that manifest. The archive holds {@code kubectl-approve/} with the
 * launcher, the completion plugin, LICENSE and {@code lib/*.jar} (what {@code mvn package} lays out
 * in target/kubectl-approve/lib), as {@code make install-plugin} lays them out.
 *
 * <p>Its bytes are reproducible: the jars are built with a fixed {@code
 * project.build.outputTimestamp}, entries are sorted and timed alike ({@link ReproducibleTarGz}).
 * What they still depend on is the JDK release whose javac compiled the jars (and whose feature
 * version their manifests name), so the manifest says which one built it.
 *
 * <p>Run with {@code make plugin-release}: {@code KrewRelease <repository root>}.
 */
public final class KrewRelease {
  static final String MANIFEST = "kubectl-approve/src/main/plugin/approve.krew.yaml";
  static final String PLUGIN = "kubectl-approve/src/main/plugin";
  static final String LIB = "kubectl-approve/target/kubectl-approve/lib";

  private static final Pattern VERSION = Pattern.compile("(?m)^  version: (v\\S+)$");
  private static final Pattern SHA256 =
      Pattern.compile("(?m)^( +)(# built by make plugin-release with JDK \\d+\\n +)?sha256: .*$");
  private static final Pattern RECORDED_SHA256 = Pattern.compile("(?m)^ +sha256: \"(.*)\"$");
  private static final Pattern BUILT_WITH =
      Pattern.compile("(?m)^ +# built by make plugin-release with JDK (\\d+)$");

  private KrewRelease() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path manifestFile = root.resolve(MANIFEST);
    String manifest = Files.readString(manifestFile);
    byte[] archive = archive(root);
    Path out = root.resolve("kubectl-approve/target/krew").resolve(archiveName(manifest));
    Files.createDirectories(out.getParent());
    Files.write(out, archive);
    String sha = sha256(archive);
    Files.writeString(manifestFile, withSha256(manifest, sha, Runtime.version().feature()));
    System.out.printf("%s (sha256 %s, written into %s)%n", root.relativize(out), sha, MANIFEST);
  }

  /** The archive, from the launcher and completion in the sources and the packaged lib/. */
  static byte[] archive(Path root) throws IOException {
    Path plugin = root.resolve(PLUGIN);
    ReproducibleTarGz tar = new ReproducibleTarGz();
    tar.directory("kubectl-approve");
    tar.file("kubectl-approve/LICENSE", 0644, Files.readAllBytes(root.resolve("LICENSE")));
    for (String script : List.of("kubectl-approve", "kubectl_complete-approve")) {
      tar.file("kubectl-approve/" + script, 0755, Files.readAllBytes(plugin.resolve(script)));
    }
    tar.directory("kubectl-approve/lib");
    for (Path jar : jars(root.resolve(LIB))) {
      tar.file("kubectl-approve/lib/" + jar.getFileName(), 0644, Files.readAllBytes(jar));
    }
    return tar.finish();
  }

  /** The jars in lib, sorted by name. */
  static List<Path> jars(Path lib) throws IOException {
    try (Stream<Path> files = Files.list(lib)) {
      List<Path> jars =
          files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw new IOException(lib + " holds no jars: run make package first");
      }
      return jars;
    }
  }

  /** kubectl-approve-VERSION.tar.gz, VERSION being the manifest's spec.version. */
  static String archiveName(String manifest) {
    Matcher version = VERSION.matcher(manifest);
    if (!version.find()) {
      throw new IllegalArgumentException(MANIFEST + " names no spec.version");
    }
    return "kubectl-approve-" + version.group(1) + ".tar.gz";
  }

  /** The manifest with its sha256 and, above it, the JDK release that built the archive. */
  static String withSha256(String manifest, String sha, int jdk) {
    Matcher line = SHA256.matcher(manifest);
    if (!line.find()) {
      throw new IllegalArgumentException(MANIFEST + " has no sha256 line");
    }
    String indent = line.group(1);
    return line.replaceFirst(
        Matcher.quoteReplacement(
            indent
                + "# built by make plugin-release with JDK "
                + jdk
                + "\n"
                + indent
                + "sha256: \""
                + sha
                + "\""));
  }

  /** The sha256 the manifest gives for the archive. */
  static String recordedSha256(String manifest) {
    Matcher line = RECORDED_SHA256.matcher(manifest);
    if (!line.find()) {
      throw new IllegalArgumentException(MANIFEST + " has no sha256 line");
    }
    return line.group(1);
  }

  /** The JDK feature release the manifest says built its archive, or 0 if it says none. */
  static int builtWith(String manifest) {
    Matcher line = BUILT_WITH.matcher(manifest);
    return line.find() ? Integer.parseInt(line.group(1)) : 0;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
