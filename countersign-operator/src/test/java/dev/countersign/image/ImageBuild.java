package dev.countersign.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the operator's container image as an OCI tarball with Jib, without a Docker daemon and
 * without pulling a base image (this machine reaches no image registry): the image starts from
 * scratch and gets a JRE made by jlink from the build's JDK, the few glibc libraries that JRE links
 * against (taken from the build machine), a passwd entry for the non-root user 1001, and the
 * Quarkus fast-jar in layers that change from least to most often. The MCP front door, a plain jar
 * with its dependencies beside it, is built the same way into its own image.
 *
 * <p>Run with {@code make image}: {@code ImageBuild <quarkus-app dir> <work dir> <output tar>
 * <image reference>}.
 */
public final class ImageBuild {
  /** The JDK modules the operator needs at run time. */
  static final String MODULES =
      String.join(
          ",",
          "java.base",
          "java.compiler",
          "java.desktop",
          "java.instrument",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.scripting",
          "java.security.jgss",
          "java.sql",
          "java.transaction.xa",
          "java.xml",
          "jdk.crypto.ec",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.unsupported",
          "jdk.zipfs");

  /** The shared libraries the JRE links against (see ldd bin/java and lib/server/libjvm.so). */
  static final List<String> LIBRARIES =
      List.of(
          "/lib64/ld-linux-x86-64.so.2",
          "/lib/x86_64-linux-gnu/libc.so.6",
          "/lib/x86_64-linux-gnu/libdl.so.2",
          "/lib/x86_64-linux-gnu/libm.so.6",
          "/lib/x86_64-linux-gnu/libpthread.so.0",
          "/lib/x86_64-linux-gnu/librt.so.1",
          "/lib/x86_64-linux-gnu/libz.so.1");

  static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");
  static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");

  private ImageBuild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println(
          "usage: ImageBuild <quarkus-app dir | plain-jar dir with lib/> <work dir> <output tar>"
              + " <image reference>");
      System.exit(2);
    }
    Path app = Path.of(args[0]);
    Path work = Path.of(args[1]);
    Path output = Path.of(args[2]);
    String reference = args[3];
    App layout;
    try {
      layout = App.of(app);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    Path jre = jlink(work.resolve("jre"));
    Path etc = userFiles(work.resolve("etc"));
    JibContainer container =
        Jib.fromScratch()
            .setFormat(ImageFormat.OCI)
            .addFileEntriesLayer(osLayer(etc))
            .addFileEntriesLayer(tree("jre", jre, JAVA_HOME))
            .addFileEntriesLayer(layout.dependencies())
            .addFileEntriesLayer(layout.application())
            .setEnvironment(Map.of("JAVA_HOME", JAVA_HOME.toString(), "LANG", "C.UTF-8"))
            .setEntrypoint(entrypoint(layout.jar()))
            .setWorkingDirectory(APP)
            .setUser("1001:1001")
            .addExposedPort(Port.tcp(layout.port()))
            .setLabels(
                Map.of(
                    "org.opencontainers.image.title",
                    layout.title(),
                    "org.opencontainers.image.description",
                    layout.description()))
            .containerize(Containerizer.to(TarImage.at(output).named(reference)));
    System.out.printf(
        "built %s (digest %s) into %s, %.1f MB%n",
        reference, container.getDigest(), output, Files.size(output) / 1e6);
  }

  /**
   * What goes into the image and how it starts: the operator's Quarkus fast-jar ({@code
   * quarkus-run.jar} with {@code lib/}, {@code app/} and {@code quarkus/}), or a plain jar with its
   * dependencies beside it in {@code lib/} (the MCP front door: {@code java -jar lib/NAME.jar}).
   */
  record App(
      FileEntriesLayer dependencies,
      FileEntriesLayer application,
      AbsoluteUnixPath jar,
      int port,
      String title,
      String description) {
    static App of(Path app) throws IOException {
      if (Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
        FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("application");
        application.addEntry(app.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar"));
        for (String dir : List.of("app", "quarkus")) {
          addTree(application, app.resolve(dir), APP.resolve(dir));
        }
        return new App(
            tree("dependencies", app.resolve("lib"), APP.resolve("lib")),
            application.build(),
            APP.resolve("quarkus-run.jar"),
            8080,
            "countersign",
            "Kubernetes operator: AI agents change workloads only through policy and human"
                + " approval");
      }
      Path lib = app.resolve("lib");
      Path main;
      try (Stream<Path> jars = Files.list(lib)) {
        main =
            jars.filter(j -> j.getFileName().toString().startsWith("countersign-mcp-"))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            app
                                + " holds neither quarkus-run.jar nor lib/countersign-mcp-*.jar:"
                                + " run ./mvnw package first"));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalArgumentException(
            app + " holds neither quarkus-run.jar nor lib/: run ./mvnw package first");
      }
      FileEntriesLayer.Builder dependencies = FileEntriesLayer.builder().setName("dependencies");
      try (Stream<Path> jars = Files.list(lib)) {
        for (Path jar : jars.filter(j -> !j.equals(main)).sorted().toList()) {
          dependencies.addEntry(jar, APP.resolve("lib").resolve(jar.getFileName().toString()));
        }
      }
      AbsoluteUnixPath jar = APP.resolve("lib").resolve(main.getFileName().toString());
      return new App(
          dependencies.build(),
          FileEntriesLayer.builder().setName("application").addEntry(main, jar).build(),
          jar,
          8090,
          "countersign-mcp",
          "Countersign's MCP front door: agents ask for changes; it files requests, never executes"
              + " or approves");
    }
  }

  private static Path jlink(Path target) throws IOException, InterruptedException {
    deleteRecursively(target);
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    Process process =
        new ProcessBuilder(
                jlink.toString(),
                "--add-modules",
                MODULES,
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--output",
                target.toString())
            .inheritIO()
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("jlink failed");
    }
    return target;
  }

  private static Path userFiles(Path etc) throws IOException {
    Files.createDirectories(etc);
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/sbin/nologin\ncountersign:x:1001:1001::/app:/sbin/nologin\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        etc.resolve("group"), "root:x:0:\ncountersign:x:1001:\n", StandardCharsets.UTF_8);
    Files.createDirectories(etc.resolve("empty"));
    return etc;
  }

  private static FileEntriesLayer osLayer(Path etc) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("os");
    for (String library : LIBRARIES) {
      Path real = Path.of(library).toAbsolutePath();
      try {
        real = real.toRealPath();
      } catch (IOException e) {
        throw new IllegalStateException("the build machine lacks " + library, e);
      }
      layer.addEntry(real, AbsoluteUnixPath.get(library), FilePermissions.fromOctalString("755"));
    }
    layer.addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"));
    layer.addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"));
    // An empty, world-writable /tmp (the chart mounts an emptyDir there, the root filesystem
    // being read-only).
    layer.addEntry(
        etc.resolve("empty"), AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
    return layer.build();
  }

  private static FileEntriesLayer tree(String name, Path source, AbsoluteUnixPath target)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    addTree(layer, source, target);
    return layer.build();
  }

  private static void addTree(FileEntriesLayer.Builder layer, Path source, AbsoluteUnixPath target)
      throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String relative = source.relativize(file).toString();
        FilePermissions permissions =
            Files.isExecutable(file)
                ? FilePermissions.fromOctalString("755")
                : FilePermissions.fromOctalString("644");
        layer.addEntry(file, target.resolve(relative), permissions);
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static List<String> entrypoint(AbsoluteUnixPath jar) {
    List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/java").toString()));
    command.addAll(OperatorJvm.FLAGS);
    command.addAll(List.of("-Djava.io.tmpdir=/tmp", "-jar", jar.toString()));
    return command;
  }
}
