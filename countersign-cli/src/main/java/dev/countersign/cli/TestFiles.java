package dev.countersign.cli;

import dev.countersign.cli.testfile.InvalidFile;
import dev.countersign.cli.testfile.PolicyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the {@code *.countersign-test.yaml} files under the paths given. */
final class TestFiles {
  private TestFiles() {}

  static List<Path> find(List<Path> paths) {
    List<Path> found = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw InvalidFile.at(path, "", "does not exist");
      }
      if (!Files.isDirectory(path)) {
        found.add(path);
        continue;
      }
      try (Stream<Path> walk = Files.walk(path)) {
        List<Path> here =
            walk.filter(Files::isRegularFile)
                .filter(p -> p.getFileName().toString().endsWith(PolicyFiles.TEST_FILE_SUFFIX))
                .sorted()
                .toList();
        if (here.isEmpty()) {
          throw InvalidFile.at(
              path, "", "holds no test file (*" + PolicyFiles.TEST_FILE_SUFFIX + ")");
        }
        found.addAll(here);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }
}
